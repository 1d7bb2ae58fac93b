using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Two organisations in one session: A through -Connection $a, B as the session's connection. Each has
/// its own simulator, keys and permission catalogue; the request logs show which organisation was reached.
/// </summary>
public sealed class TwoOrganisationsTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30); // bounds a failing test only

    /// <summary>Organisation A: keys 5001..5012 holding feedback_read, and a catalogue of its own (feedback_read, feedback_reply).</summary>
    private static List<SimKey> SeedA()
    {
        var keys = SeedData.Generated(12, 5001);
        foreach (var key in keys)
        {
            key.HasRestrictedPermissions = true;
            key.Permissions = ["feedback_read"];
            key.UserPermissions = ["feedback_read", "feedback_reply"];
        }
        return keys;
    }

    private static readonly string CatalogueA = SimPermissions.Build(SimPermissions.Entries.Where(e => e.Name.StartsWith("feedback_", StringComparison.Ordinal))).ToJsonString();

    /// <summary>Organisation B (the standard seed): Partoo's catalogue without the feedback_* permissions.</summary>
    private static readonly string CatalogueB = SimPermissions.Build(SimPermissions.Entries.Where(e => !e.Name.StartsWith("feedback_", StringComparison.Ordinal))).ToJsonString();

    private sealed class TwoOrganisations : IAsyncDisposable
    {
        public required PartooSimulator A { get; init; }
        public required PartooSimulator B { get; init; }
        public required PowerShellSession Shell { get; init; }

        /// <summary>$a in the session.</summary>
        public required PartooConnection ConnectionA { get; init; }

        public EngineResult Run(string script) => Shell.Run(script);

        public List<string> Complete(string input) =>
            Shell.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches | ForEach-Object CompletionText", new() { ["s"] = input })
                .Output.Select(o => (string)o.BaseObject).ToList();

        public void ClearRequests()
        {
            A.ClearRequests();
            B.ClearRequests();
        }

        public async ValueTask DisposeAsync()
        {
            Shell.Dispose();
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }

    private static async Task<TwoOrganisations> StartAsync()
    {
        var a = await PartooSimulator.StartAsync(SeedA());
        a.Knobs.PermissionCatalogueJson = CatalogueA;
        var b = await PartooSimulator.StartAsync();
        b.Knobs.PermissionCatalogueJson = CatalogueB;
        var shell = new PowerShellSession();
        var connect = shell.Run(
            "$a = Connect-Partoo -BaseUri $uriA -ApiKey $keyA -RetryBaseDelaySec 0.01 -PassThru; Connect-Partoo -BaseUri $uriB -ApiKey $keyB -RetryBaseDelaySec 0.01; $a",
            new() { ["uriA"] = a.BaseUri, ["keyA"] = PowerShellSession.Secure(a.CallerKey), ["uriB"] = b.BaseUri, ["keyB"] = PowerShellSession.Secure(b.CallerKey) });
        Assert.Null(connect.Terminating);
        var session = new TwoOrganisations { A = a, B = b, Shell = shell, ConnectionA = Assert.Single(connect.Objects<PartooConnection>()) };
        session.ClearRequests();
        return session;
    }

    /// <param name="command">With @ where -Connection $a goes.</param>
    [Theory]
    [InlineData("Get-PartooApiKey @")]
    [InlineData("Get-PartooApiKey @ -Id 5002")]
    [InlineData("Get-PartooApiKey @ -SearchText 'Key 0003' -Status Active")]
    [InlineData("Get-PartooApiKeyAudit @")]
    [InlineData("Get-PartooPermission @")]
    [InlineData("New-PartooApiKey @ -Label 'New one' -Permission feedback_read -Confirm:$false")]
    [InlineData("Set-PartooApiKey @ -Id 5002 -AddPermission feedback_reply -Confirm:$false")]
    [InlineData("5002, 5003 | Set-PartooApiKey @ -Description 'Changed' -Confirm:$false")]
    [InlineData("Revoke-PartooApiKey @ -Id 5004 -Force")]
    [InlineData("Get-PartooApiKey @ -Id 5005 | Revoke-PartooApiKey @ -Force")]
    [InlineData("Disconnect-Partoo @")]
    public async Task EveryCmdletsConnectionReachesOnlyThatOrganisation(string command)
    {
        await using var orgs = await StartAsync();

        var onA = orgs.Run(command.Replace("@", "-Connection $a"));

        Assert.Null(onA.Terminating);
        Assert.True(onA.Errors.Count == 0, string.Join("; ", onA.Errors));
        if (!command.Contains("Disconnect", StringComparison.Ordinal)) Assert.NotEmpty(orgs.A.Requests);
        Assert.Empty(orgs.B.Requests);
        Assert.True(orgs.Run("(Get-PartooConnection).IsConnected").Objects<bool>().Single(), "the session's connection (B) was closed");
    }

    [Theory]
    [InlineData("Get-PartooApiKey")]
    [InlineData("Get-PartooPermission")]
    [InlineData("Set-PartooApiKey -Id 1002 -Description 'Changed' -Confirm:$false")]
    public async Task WithoutConnectionACmdletReachesOnlyTheSessionsOrganisation(string command)
    {
        await using var orgs = await StartAsync();
        orgs.Run("Get-PartooApiKey -Connection $a | Out-Null; Get-PartooPermission -Connection $a | Out-Null");
        orgs.ClearRequests();

        var onB = orgs.Run(command);

        Assert.Null(onB.Terminating);
        Assert.Empty(onB.Errors);
        Assert.NotEmpty(orgs.B.Requests);
        Assert.Empty(orgs.A.Requests);
    }

    [Fact]
    public async Task IdCompletionOffersOnlyTheIdsOfTheOrganisationTheCommandLineReaches()
    {
        await using var orgs = await StartAsync();
        orgs.Run("Get-PartooApiKey -Connection $a | Out-Null"); // A's keys are now seen through $a

        var onB = orgs.Complete("Get-PartooApiKey -Id ");
        Assert.Contains("1002", onB);
        Assert.DoesNotContain(onB, id => id.StartsWith("50", StringComparison.Ordinal));
        Assert.Empty(orgs.Complete("Set-PartooApiKey -Id 50"));

        var onA = orgs.Complete("Get-PartooApiKey -Connection $a -Id ");
        Assert.Contains("5002", onA);
        Assert.DoesNotContain(onA, id => id.StartsWith("10", StringComparison.Ordinal));
        Assert.Equal(["5002"], orgs.Complete("Revoke-PartooApiKey -Connection $a -Id 5002"));
    }

    [Fact]
    public async Task IdCompletionWithAConnectionItCannotEvaluateOffersNoOtherOrganisationsIds()
    {
        await using var orgs = await StartAsync();
        orgs.Run("Get-PartooApiKey | Out-Null"); // B's keys are seen through the default

        Assert.DoesNotContain(orgs.Complete("Get-PartooApiKey -Connection (Get-Variable a -ValueOnly) -Id "), id => id.StartsWith("10", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Set-PartooApiKey -Id 1 -AddPermission ")]
    [InlineData("Set-PartooApiKey -Id 1 -Permission ")]
    [InlineData("Set-PartooApiKey -Id 1 -RemovePermission ")]
    [InlineData("New-PartooApiKey -Label x -Permission ")]
    [InlineData("Get-PartooPermission -Name ")]
    public async Task PermissionCompletionOffersOnlyTheNamesOfTheOrganisationTheCommandLineReaches(string line)
    {
        await using var orgs = await StartAsync();
        orgs.Run("Get-PartooApiKey -Connection $a -IncludeAllPermissions | Out-Null; Get-PartooApiKey -IncludeAllPermissions | Out-Null");

        var onB = orgs.Complete(line);
        Assert.Contains("review_read", onB);
        Assert.DoesNotContain(onB, name => name.StartsWith("feedback_", StringComparison.Ordinal));

        var onA = orgs.Complete(line.Replace(" -Id 1 ", " -Connection $a -Id 1 ").Replace("-Label x", "-Connection $a -Label x").Replace("-Name ", "-Connection $a -Name "));
        Assert.Equal(["feedback_read", "feedback_reply"], onA);
    }

    [Fact]
    public async Task WithoutACatalogueCompletionOffersOnlyNamesSeenThroughThatConnection()
    {
        await using var orgs = await StartAsync();
                orgs.A.Knobs.PermissionsForbidden = true;
        orgs.B.Knobs.PermissionsForbidden = true;
        orgs.Run("Get-PartooApiKey -Connection $a -IncludeAllPermissions | Out-Null");

        Assert.Empty(orgs.Complete("Set-PartooApiKey -Id 1 -RemovePermission feedback"));
        Assert.Equal(["feedback_read"], orgs.Complete("Set-PartooApiKey -Connection $a -Id 1 -RemovePermission feedback"));
    }

    /// <summary>Runs the script in a second runspace of the process, with $a set; the test holds the simulator's answer until the disconnect.</summary>
    private static async Task<EngineResult> DisconnectWhileHeldAsync(TwoOrganisations orgs, string script, Func<RecordedRequest, bool> hold)
    {
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        orgs.A.Knobs.Override = request =>
        {
            if (hold(request))
            {
                held.Set();
                release.Wait(Safety);
            }
            return null;
        };
        using var other = new PowerShellSession();
        using var shell = other.Prepare(script, new() { ["a"] = orgs.ConnectionA });
        var running = Task.Run(() =>
        {
            var output = new List<PSObject>();
            Exception? terminating = null;
            try { output = shell.Invoke().Where(o => o is not null).ToList(); }
            catch (RuntimeException ex) { terminating = ex; }
            return other.Collect(shell, output, terminating);
        });
        try
        {
            Assert.True(held.Wait(Safety), "the request was never sent");
            var disconnect = orgs.Run("Disconnect-Partoo -Connection $a");
            Assert.Null(disconnect.Terminating);
            Assert.Empty(disconnect.Errors);
            Assert.True(await Task.WhenAny(running, Task.Delay(Safety)) == running, "the command did not end when its connection was closed");
            return await running;
        }
        finally { release.Set(); }
    }

    private static void AssertClosedByTheModule(EngineResult result, string errorId)
    {
        var error = result.AnyError();
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("Disconnect-Partoo", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Connect-Partoo", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.DoesNotContain("ObjectDisposedException", result.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("disposed object", result.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisconnectDuringAListingInAnotherRunspaceEndsItWithTheModulesError()
    {
        await using var orgs = await StartAsync();

        var listing = await DisconnectWhileHeldAsync(orgs, "Get-PartooApiKey -Connection $a", r => r.Method == "GET" && r.Path.EndsWith("/api_keys", StringComparison.Ordinal));

        AssertClosedByTheModule(listing, "GetPartooApiKeyConnectionClosed");
        var later = orgs.Run("Get-PartooApiKey -Connection $a");
        AssertClosedByTheModule(later, "GetPartooApiKeyConnectionClosed");
        Assert.Contains("was closed with Disconnect-Partoo, so nothing was sent", later.AnyError().ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(orgs.Run("Get-PartooApiKey").Output); // the session's connection (B) is untouched
    }

    [Fact]
    public async Task DisconnectDuringABulkWriteInAnotherRunspaceEndsItWithTheModulesError()
    {
        await using var orgs = await StartAsync();

        var bulk = await DisconnectWhileHeldAsync(orgs, "5002..5010 | Set-PartooApiKey -Connection $a -Description 'Changed' -Confirm:$false", r => r.Method == "PUT");

        AssertClosedByTheModule(bulk, "SetPartooApiKeyConnectionClosed");
        Assert.Contains(bulk.Warnings, w => w.Message.Contains("Set-PartooApiKey was stopped with", StringComparison.Ordinal));
        AssertClosedByTheModule(orgs.Run("Revoke-PartooApiKey -Connection $a -Id 5002 -Force"), "RevokePartooApiKeyConnectionClosed");
    }

    [Fact]
    public async Task ClosingOneConnectionLeavesAnotherWithTheSameBudgetWorking()
    {
        await using var orgs = await StartAsync();
        var second = orgs.Shell.Run("Connect-Partoo -BaseUri $uri -ApiKey $key -PassThru",
            new() { ["uri"] = orgs.A.BaseUri, ["key"] = PowerShellSession.Secure(orgs.A.CallerKey) }).Objects<PartooConnection>().Single();

        await DisconnectWhileHeldAsync(orgs, "Get-PartooApiKey -Connection $a", r => r.Method == "GET");
        orgs.A.Knobs.Override = null;

        var result = orgs.Shell.Run("Get-PartooApiKey -Connection $second", new() { ["second"] = second });
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(12, result.Output.Count);
    }
}
