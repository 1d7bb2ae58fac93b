using System.Collections.Concurrent;
using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Issue 12: Set and Revoke keep up to MaxConcurrency writes in flight; prompts stay on the pipeline thread in input
/// order; results and errors come out in input order; Ctrl+C says which keys changed; fewer requests per changed key.
/// </summary>
public sealed class BulkChangeTests
{
    private static bool IsRevokeOf(RecordedRequest request, int id) =>
        request.Method == "POST" && request.Path.EndsWith("/revoke/" + id, StringComparison.Ordinal);

    private static string Describe(PSObject item) => item.BaseObject switch
    {
        ApiKey key => "key " + key.Id,
        ErrorRecord error => "error " + error.TargetObject switch { ApiKey k => k.Id, var other => other },
        var other => "other " + other,
    };

    [Fact]
    public async Task RevokesAreInFlightTogetherAndResultsAndErrorsComeOutInInputOrder()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("$keys = Get-PartooApiKey -Id 1002, 1003, 1008, 1009");
        session.Simulator.Knobs.ForbiddenIds.Add(1008);
        // The first revoke is held until the three after it have reached Partoo: they were sent while it was in flight.
        var othersArrived = new CountdownEvent(3);
        var heldUntilOthersArrived = false;
        session.Simulator.Knobs.Override = request =>
        {
            if (IsRevokeOf(request, 1002)) heldUntilOthersArrived = othersArrived.Wait(TimeSpan.FromSeconds(30));
            else if (request.Method == "POST" && request.Path.Contains("/revoke/", StringComparison.Ordinal)) othersArrived.Signal();
            return null;
        };

        var result = session.Run("$keys | Revoke-PartooApiKey -Confirm:$false -PassThru 2>&1");

        Assert.True(heldUntilOthersArrived, "the revokes after the first were not sent while it was in flight");
        Assert.Equal(["key 1002", "key 1003", "error 1008", "key 1009"], result.Output.Select(Describe));
        Assert.All(result.Objects<ApiKey>(), k => Assert.True(k.Disabled));
        Assert.True(session.Simulator.FindKey(1009)!.Disabled);
    }

    [Fact]
    public async Task AddingAPermissionToKeysFromAFullListingSendsOnlyThePuts()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(250));
        foreach (var id in Enumerable.Range(1001, 249))
            session.Simulator.UpdateKey(id, k => { k.HasRestrictedPermissions = true; k.Permissions = ["business_edit"]; });

        var result = session.Run("Get-PartooApiKey -Type User -IncludeAllPermissions | Set-PartooApiKey -AddPermission review_read -Confirm:$false");

        Assert.Empty(result.Errors);
        var users = session.Simulator.Keys.Where(k => k.UserType == "user").ToList();
        Assert.All(users, k => Assert.Contains("review_read", k.Permissions));
        var requests = session.Simulator.Requests;
        Assert.Equal(2, requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/api_keys", StringComparison.Ordinal))); // the listing's two pages
        Assert.DoesNotContain(requests, r => r.Method == "GET" && r.Path.Contains("/api_keys/", StringComparison.Ordinal)); // no key read again
        Assert.Equal(users.Count, requests.Count(r => r.Method == "PUT"));
    }

    [Fact]
    public async Task RevokingEveryExpiredKeyOfAListingOfSeveralPagesMissesNone()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(251));
        var expired = DateOnly.FromDateTime(DateTime.UtcNow.Date).AddDays(-3);
        foreach (var id in Enumerable.Range(1001, 250)) session.Simulator.UpdateKey(id, k => k.ExpirationDate = expired);

        // Each revoked key leaves the 'expired' listing while it is read: the keys behind move to earlier pages.
        var result = session.Run("Get-PartooApiKey -Status Expired | Revoke-PartooApiKey -Confirm:$false");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.All(Enumerable.Range(1001, 250), id => Assert.True(session.Simulator.FindKey(id)!.Disabled, $"key {id} was not revoked"));
        Assert.Equal(250, session.Simulator.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task KeysListedWithoutTheirFullPermissionListAreReadFirst()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooApiKey -Id 1002, 1012 | Set-PartooApiKey -AddPermission review_reply -Confirm:$false");

        Assert.Empty(result.Errors);
        var reads = session.Simulator.Requests.Where(r => r.Method == "GET" && r.QueryValues.TryGetValue("include_all_permissions", out var all) && all == "true").ToList();
        Assert.Equal(["/v2/api_keys/1002", "/v2/api_keys/1012"], reads.Select(r => r.Path));
        Assert.Contains("review_reply", session.Simulator.FindKey(1012)!.Permissions);
        // The dormant permissions the listing could not see are kept.
        Assert.Contains("business_edit_categories", session.Simulator.FindKey(1012)!.Permissions);
    }

    [Fact]
    public async Task PromptsComeInInputOrderEachBeforeItsRevokeIsSent()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("$keys = Get-PartooApiKey -Id 1002, 1003, 1009");
        var sentBeforePrompt = new List<(int Prompt, int[] Sent)>();
        var prompt = 0;
        session.Shell.Host.ChoiceHook = _ =>
        {
            var sent = new[] { 1002, 1003, 1009 }.Where(id => session.Simulator.Requests.Any(r => IsRevokeOf(r, id))).ToArray();
            sentBeforePrompt.Add((prompt++, sent));
            return 0; // Yes
        };

        var result = session.Run("$keys | Revoke-PartooApiKey");

        Assert.Empty(result.Errors);
        var asked = session.Shell.Host.Prompts.Select(p => new[] { 1002, 1003, 1009 }.First(id => p.Contains(id.ToString()))).ToList();
        Assert.Equal([1002, 1003, 1009], asked.Distinct());
        // Each key's revoke is sent only after its own prompt was answered.
        foreach (var (index, sent) in sentBeforePrompt)
            Assert.DoesNotContain(asked[index], sent);
        Assert.All(new[] { 1002, 1003, 1009 }, id => Assert.True(session.Simulator.FindKey(id)!.Disabled));
    }

    [Fact]
    public async Task CtrlCWithRevokesInFlightWarnsWhichKeysMayHaveChanged()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("$keys = Get-PartooApiKey -Id 1002, 1003, 1009");
        session.Simulator.Knobs.Faults = [new FaultRule { Kind = FaultKind.Hang, PathContains = "/revoke/1003" }, new FaultRule { Kind = FaultKind.Hang, PathContains = "/revoke/1009" }];
        var hung = new CountdownEvent(2);
        session.Simulator.Knobs.Override = request =>
        {
            if (IsRevokeOf(request, 1003) || IsRevokeOf(request, 1009)) hung.Signal();
            return null;
        };

        using var shell = session.Shell.Prepare("$keys | Revoke-PartooApiKey -Confirm:$false -PassThru");
        var output = new PSDataCollection<PSObject>();
        var firstWritten = new ManualResetEventSlim();
        output.DataAdded += (_, _) => firstWritten.Set();
        var invocation = shell.BeginInvoke<PSObject, PSObject>(null, output);
        Assert.True(hung.Wait(TimeSpan.FromSeconds(30)), "the two revokes that hang were not both sent");
        Assert.True(firstWritten.Wait(TimeSpan.FromSeconds(30)), "1002's answer was not written while the others hung");
        await Task.Run(shell.Stop).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(invocation.IsCompleted);
        var warnings = string.Join("\n", shell.Streams.Warning.Select(w => w.Message)) + session.Shell.Host.Text;
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(warnings, @"outcome unknown \(sent, no answer\): 1003, 1009"), warnings);
        Assert.Contains("Get-PartooApiKey -Id 1003,1009", warnings);
        // 1002 was answered and written before the stop: the warning names only the two in flight.
        Assert.Equal([1002], output.Select(o => o.BaseObject).OfType<ApiKey>().Select(k => k.Id));
        Assert.DoesNotContain("1002", warnings, StringComparison.Ordinal);
        Assert.True(session.Simulator.FindKey(1002)!.Disabled);
    }

    [Fact]
    public async Task CtrlCDuringTheUpstreamListingStillNamesTheRevokesInFlight()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(400)); // 200 user keys: two pages
        // Page 1's last key hangs at revoke; page 2 hangs: Ctrl+C comes while Get-PartooApiKey, not Revoke, runs.
        session.Simulator.Knobs.Faults = [new FaultRule { Kind = FaultKind.Hang, PathContains = "/revoke/1199" }, new FaultRule { Kind = FaultKind.Hang, PathContains = "page=2" }];
        var both = new CountdownEvent(2);
        session.Simulator.Knobs.Override = request =>
        {
            if (IsRevokeOf(request, 1199) || request.Query.Contains("page=2", StringComparison.Ordinal)) both.Signal();
            return null;
        };

        using var shell = session.Shell.Prepare("Get-PartooApiKey -Type User | Revoke-PartooApiKey -Confirm:$false");
        var invocation = shell.BeginInvoke();
        Assert.True(both.Wait(TimeSpan.FromSeconds(30)), "the hanging revoke and page 2 were not both asked for");
        await Task.Run(shell.Stop).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(invocation.IsCompleted);
        var warnings = string.Join("\n", shell.Streams.Warning.Select(w => w.Message)) + session.Shell.Host.Text;
        Assert.Matches(@"outcome unknown \(sent, no answer\): [0-9, ]*\b1199\b", warnings);
    }

    [Fact]
    public async Task PipedInputShowsProgressAgainstTheListingsSize()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(30));
        var result = session.Run("Get-PartooApiKey -Type User | Set-PartooApiKey -Label 'Renamed' -Confirm:$false");

        Assert.Empty(result.Errors);
        var bulk = result.Progress.Where(p => p.Activity == "Changing API keys").ToList();
        Assert.NotEmpty(bulk);
        Assert.Contains(bulk, p => p.StatusDescription.Contains("of 15 keys", StringComparison.Ordinal));
        Assert.Equal(ProgressRecordType.Completed, bulk[^1].RecordType);
    }
}
