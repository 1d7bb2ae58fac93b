using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Revoke-PartooApiKey: -Force/-WhatIf/-Confirm, already revoked keys, the session's own key, pipelines.</summary>
public sealed class RevokeApiKeyTests
{
    private static bool Revoked(SimulatorSession session, int id) => session.Simulator.FindKey(id)!.Disabled;

    private static List<string> Revokes(SimulatorSession session) =>
        session.Simulator.Writes().Select(r => r.Path.Replace("/v2/api_keys/revoke/", string.Empty, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task ForceRevokesWithoutAsking()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Revoke-PartooApiKey -Id 1002 -Force");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Empty(session.Shell.Host.Prompts);
        Assert.True(Revoked(session, 1002));
        Assert.Equal(["1002"], Revokes(session));
    }

    [Fact]
    public async Task RevokingAsksByDefault()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Shell.Host.ChoiceAnswers.Enqueue(2); // No
        session.Shell.Host.ChoiceAnswers.Enqueue(0); // Yes
        var result = session.Run("Revoke-PartooApiKey -Id 1002, 1003");
        Assert.Empty(result.Errors);
        Assert.Equal(2, session.Shell.Host.Prompts.Count);
        Assert.Contains("API key 1002 'CRM sync'", session.Shell.Host.Prompts[0]);
        Assert.Contains("cannot be restored", session.Shell.Host.Prompts[0]);
        Assert.False(Revoked(session, 1002));
        Assert.True(Revoked(session, 1003));
    }

    [Fact]
    public async Task ConfirmFalseDoesNotPrompt()
    {
        await using var session = await SimulatorSession.StartAsync();
        Assert.Empty(session.Run("Revoke-PartooApiKey -Id 1002 -Confirm:$false").Errors);
        Assert.Empty(session.Shell.Host.Prompts);
        Assert.True(Revoked(session, 1002));
    }

    [Fact]
    public async Task AnExplicitConfirmAsksEvenWithForce()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Shell.Host.ChoiceAnswers.Enqueue(2); // No
        Assert.Empty(session.Run("Revoke-PartooApiKey -Id 1002 -Force -Confirm").Errors);
        Assert.Single(session.Shell.Host.Prompts);
        Assert.Contains("API key 1002 'CRM sync'", session.Shell.Host.Prompts[0]);
        Assert.False(Revoked(session, 1002));
        Assert.Empty(session.Simulator.Writes());
    }

    [Fact]
    public async Task WithoutForceAHostThatCannotAskRevokesNothing()
    {
        await using var session = await SimulatorSession.StartAsync();
        var error = session.Run("Revoke-PartooApiKey -Id 1002").SingleError();
        Assert.StartsWith("RevokePartooApiKeyNotConfirmed,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("-Force", error.ErrorDetails.RecommendedAction);
        Assert.Empty(session.Simulator.Writes());
    }

    [Theory]
    [InlineData("Revoke-PartooApiKey -Id 1002, 1003 -WhatIf")]
    [InlineData("Revoke-PartooApiKey -Id 1002, 1003 -WhatIf -Force")]
    [InlineData("$WhatIfPreference = $true; Revoke-PartooApiKey -Id 1002, 1003 -Force")]
    public async Task WhatIfWinsOverForceAndSendsNothing(string script)
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run(script);
        Assert.Empty(result.Errors);
        Assert.Empty(session.Simulator.Writes());
        Assert.DoesNotContain(session.Simulator.Requests, r => r.QueryValues.ContainsKey("search_text")); // own key not looked up
        Assert.Contains("What if: Performing the operation \"Revoke (cannot be undone)\" on target \"API key 1002 'CRM sync'\".", result.HostText);
        Assert.Contains("on target \"API key 1003 'Org integration'\"", result.HostText);
    }

    [Fact]
    public async Task ExpiredKeysFromThePipelineWithWhatIf()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooApiKey -Status Expired | Revoke-PartooApiKey -WhatIf");
        Assert.Empty(session.Simulator.Writes());
        Assert.Equal(["GET /v2/api_keys"], session.Simulator.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Contains("\"API key 1006 'Expired bot'\"", result.HostText);
        Assert.Contains("\"API key 1007 'Expired user key'\"", result.HostText);
    }

    [Fact]
    public async Task AnAlreadyRevokedKeyIsAWarningAndTheBatchGoesOn()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Revoke-PartooApiKey -Id 1004, 1002 -Force");
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("API key 1004 'Old importer' is already revoked", warning.Message);
        Assert.Equal(["1002"], Revokes(session));
    }

    [Fact]
    public async Task PipedRevokedKeysAreWarningsWithoutARequest()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooApiKey -Status Disabled | Revoke-PartooApiKey -Force");
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Warnings.Count);
        Assert.Empty(session.Simulator.Writes());
        Assert.Single(session.Simulator.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RevokingTwiceIsAWarningWhicheverWayPartooAnswers(bool alreadyRevokedIsError)
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.RevokeAlreadyRevokedIsError = alreadyRevokedIsError;
        var first = session.Run("Revoke-PartooApiKey -Id 1002 -Force");
        var second = session.Run("Revoke-PartooApiKey -Id 1002 -Force");
        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
        Assert.Contains(second.Warnings, w => w.Message.Contains("API key 1002 'CRM sync' is already revoked"));
        Assert.Equal(["1002"], Revokes(session));
    }

    [Fact]
    public async Task AStaleKeyObjectRevokedMeanwhileIsAWarning()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.RevokeAlreadyRevokedIsError = true;
        var result = session.Run("$key = Get-PartooApiKey -Id 1002; $sim.UpdateKey(1002, [Action[PartooKeys.Simulator.SimKey]] { param($k) $k.Disabled = $true }) | Out-Null; $key | Revoke-PartooApiKey -Force -PassThru");
        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Message.Contains("API key 1002 'CRM sync' is already revoked") && w.Message.Contains("API key already revoked"));
        Assert.True(Assert.Single(result.Objects<ApiKey>()).Disabled);
    }

    [Fact]
    public async Task PassThruReturnsTheKeyAsItIsAfterRevocation()
    {
        await using var session = await SimulatorSession.StartAsync();
        var keys = session.Run("Revoke-PartooApiKey -Id 1002, 1004 -Force -PassThru").Objects<ApiKey>().ToList();
        Assert.Equal([1002, 1004], keys.Select(k => k.Id));
        Assert.All(keys, k => Assert.Equal(ApiKeyStatus.Disabled, k.Status));
        Assert.Equal("CRM sync", keys[0].Label);
        // No read after the revocation: the key read to name it, marked revoked.
        Assert.DoesNotContain(session.Simulator.Requests.SkipWhile(r => r.Method != "POST"), r => r.Method == "GET" && r.Path.EndsWith("/1002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneBadKeyInABulkPipelineIsANonTerminatingErrorNamingIt()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.ForbiddenIds.Add(1008);
        var result = session.Run("1002, 999999, -3, 1008, 1003 | Revoke-PartooApiKey -Force");
        Assert.Equal(["1002", "1003"], Revokes(session));
        Assert.Equal(3, result.Errors.Count);
        Assert.StartsWith("RevokePartooApiKeyNotFound", result.Errors[0].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("API key 999999 was not found", result.Errors[0].ToString());
        Assert.StartsWith("RevokePartooApiKeyInvalidId", result.Errors[1].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Errors[1].CategoryInfo.Category);
        Assert.StartsWith("RevokePartooApiKeyForbidden", result.Errors[2].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(1008, result.Errors[2].TargetObject);
    }

    [Fact]
    public async Task AFailedRevokeNamesTheKey()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html503, Method = "POST" });
        var error = session.Run("Revoke-PartooApiKey -Id 1002 -Force").SingleError();
        Assert.StartsWith("RevokePartooApiKeyServerError", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("API key 1002 'CRM sync'", error.ErrorDetails.Message);
        Assert.All(session.Simulator.Writes(), w => Assert.Equal("/v2/api_keys/revoke/1002", w.Path)); // a revoke may be repeated: it is idempotent
        Assert.False(Revoked(session, 1002));
    }

    [Fact]
    public async Task ErrorActionStopStopsAtTheFirstFailure()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("try { 1002, 999999, 1003 | Revoke-PartooApiKey -Force -ErrorAction Stop } catch { 'caught' }");
        Assert.Equal(["caught"], result.Output.Select(o => o.ToString()));
        Assert.Equal(["1002"], Revokes(session));
        Assert.False(Revoked(session, 1003));
    }

    [Fact]
    public async Task TheOwnKeyIsLookedUpOncePerConnectionWithTheSecretRedacted()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Revoke-PartooApiKey -Id 1002 -Force -Verbose; Revoke-PartooApiKey -Id 1003 -Force");
        var lookups = session.Simulator.Requests.Where(r => r.QueryValues.ContainsKey("search_text")).ToList();
        var lookup = Assert.Single(lookups);
        Assert.Equal(session.Simulator.CallerKey, lookup.QueryValues["search_text"]);
        Assert.Equal("true", lookup.QueryValues["include_all_permissions"]);
        Assert.Contains(result.Verbose, v => v.Message.Contains("search_text=***", StringComparison.Ordinal));
        Assert.DoesNotContain(session.Simulator.CallerKey, result.AllText(), StringComparison.Ordinal);
        Assert.Equal(["1002", "1003"], Revokes(session));
    }

    [Fact]
    public async Task TheOwnKeyIsAskedAboutASecondTimeAndNoKeepsIt()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Shell.Host.ChoiceAnswers.Enqueue(1); // No
        var result = session.Run("Revoke-PartooApiKey -Id 1001 -Confirm:$false");
        Assert.Empty(result.Errors);
        var prompt = Assert.Single(session.Shell.Host.Prompts);
        Assert.Contains("API key 1001 'Automation' is the key this session is connected with", prompt);
        Assert.Empty(session.Simulator.Writes());
        Assert.False(Revoked(session, 1001));
    }

    [Fact]
    public async Task TheOwnKeyIsRevokedWhenTheSecondAnswerIsYes()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Shell.Host.ChoiceAnswers.Enqueue(0); // Yes (ShouldProcess)
        session.Shell.Host.ChoiceAnswers.Enqueue(0); // Yes (ShouldContinue)
        var result = session.Run("Revoke-PartooApiKey -Id 1001 -PassThru");
        Assert.Equal(2, session.Shell.Host.Prompts.Count);
        Assert.True(Revoked(session, 1001));
        Assert.Contains(result.Warnings, w => w.Message.Contains("API key 1001 'Automation' was the key this session is connected with"));
        Assert.Empty(result.Output); // cannot be read back with a revoked key
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task ForceRevokesTheOwnKeyWithoutTheSecondQuestion()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Revoke-PartooApiKey -Id 1001 -Force");
        Assert.Empty(session.Shell.Host.Prompts);
        Assert.True(Revoked(session, 1001));
        Assert.Single(result.Warnings);
        var after = session.Run("Get-PartooApiKey -Id 1002");
        Assert.StartsWith("GetPartooApiKeyUnauthorized", after.SingleError().FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostThatCannotPromptKeepsTheOwnKeyAndTheBatchGoesOn()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Revoke-PartooApiKey -Id 1001, 1002 -Confirm:$false");
        var error = result.SingleError();
        Assert.StartsWith("RevokePartooApiKeyOwnKeyNotConfirmed", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("-Force", error.ErrorDetails.RecommendedAction);
        Assert.False(Revoked(session, 1001));
        Assert.True(Revoked(session, 1002));
    }

    [Fact]
    public async Task AFailedOwnKeyLookupDoesNotStopTheRevocation()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html502, PathContains = "search_text=" });
        var result = session.Run("Revoke-PartooApiKey -Id 1002 -Force -Verbose");
        Assert.Empty(result.Errors);
        Assert.Contains(result.Verbose, v => v.Message.Contains("Could not find out which key this session is connected with"));
        Assert.True(Revoked(session, 1002));
    }
}
