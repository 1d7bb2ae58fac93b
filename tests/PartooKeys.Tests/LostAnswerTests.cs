using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Writes whose answer is lost after Partoo acted on them (the simulator's ApplyThenReset): a create is never sent
/// again and its error names the key Partoo made; a PUT and a revoke are retried and end as asked.
/// </summary>
public sealed class LostAnswerTests
{
    private const string OutcomeUnknownId = "NewPartooApiKeyCreateOutcomeUnknown,PartooKeys.Commands.NewPartooApiKeyCommand";
    private const int NewId = 1017; // the seed's keys are 1001..1016

    private static FaultRule LostCreate() => new() { Kind = FaultKind.ApplyThenReset, Method = "POST", PathContains = "/api_keys", MaxTimes = 1 };

    /// <summary>
    /// The standard seed with two near misses the search must pass over: an old active key of the label the test
    /// creates (1015), and a key made just now whose label only contains it (1016).
    /// </summary>
    private static List<SimKey> SeedWithNearMisses(string label)
    {
        var seed = SeedData.Standard().Where(k => k.Id < 1015).ToList();
        seed.Add(new SimKey { Id = 1015, Label = label, CreatedAt = "2024-03-01 09:00:00+02", Secret = "sim-secret-1015" });
        seed.Add(new SimKey { Id = 1016, Label = label + " v2", CreatedAt = Timestamps.Now(), Secret = "sim-secret-1016" });
        return seed;
    }

    private static IEnumerable<RecordedRequest> Posts(PartooSimulator sim) => sim.Requests.Where(r => r.Method == "POST");

    [Fact]
    public async Task ACreateWhoseAnswerIsLostIsNotRepeatedAndTheErrorNamesTheKeyPartooMade()
    {
        await using var session = await SimulatorSession.StartAsync(SeedWithNearMisses("Reviews bot"));
        var sim = session.Simulator;
        sim.Knobs.Faults.Add(LostCreate());
        var before = sim.Keys.Count;

        var result = session.Run("New-PartooApiKey -Label 'Reviews bot' -Permission review_read");

        var error = result.AnyError();
        Assert.Empty(result.Output);
        Assert.Equal(OutcomeUnknownId, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Equal("Reviews bot", error.TargetObject);
        Assert.StartsWith($"Partoo created API key {NewId} 'Reviews bot', but its answer, with the new key's secret, was lost: POST /v2/api_keys ", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Contains($"revoke it with Revoke-PartooApiKey -Id {NewId}, then create it again", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.DoesNotContain("1015", error.ErrorDetails.Message + error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.DoesNotContain("1016", error.ErrorDetails.Message + error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Single(Posts(sim));
        Assert.Equal(before + 1, sim.Keys.Count);
        Assert.Equal([1015, NewId], sim.Keys.Where(k => k.Label == "Reviews bot").Select(k => k.Id));
        var search = Assert.Single(sim.Requests, r => r.Method == "GET" && r.Path == "/v2/api_keys"); // one search, after the lost create
        Assert.Contains("search_text=Reviews", search.Query, StringComparison.Ordinal);
        Assert.Contains("status=active", search.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithSecretNameNothingIsStoredAndTheSecretIsNeverShown()
    {
        await using var session = await SimulatorSession.StartAsync();
        var sim = session.Simulator;
        sim.Knobs.IncludeSecretInCreateAnswer = true;
        sim.Knobs.Faults.Add(LostCreate());

        var result = session.Run("New-PartooApiKey -Label 'Rotated' -SecretName CrmSyncKey -Verbose");

        var error = result.AnyError();
        Assert.Equal(OutcomeUnknownId, error.FullyQualifiedErrorId);
        Assert.Contains($"Partoo created API key {NewId} 'Rotated'", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was stored as 'CrmSyncKey'.", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Empty(session.Run("Get-Secret -Name CrmSyncKey -ErrorAction SilentlyContinue").Output);
        Assert.DoesNotContain(sim.FindKey(NewId)!.Secret, result.AllText(), StringComparison.Ordinal);
        Assert.Single(Posts(sim));
    }

    [Fact]
    public async Task KeysMadeSinceTheCreateWasSentAreAllNamedWhenThereAreSeveral()
    {
        var seed = SeedData.Standard();
        seed.Add(new SimKey { Id = 1020, Label = "Export", CreatedAt = Timestamps.Now(), Secret = "sim-secret-1020" }); // someone else's, just now
        await using var session = await SimulatorSession.StartAsync(seed);
        session.Simulator.Knobs.Faults.Add(LostCreate());

        var error = session.Run("New-PartooApiKey -Label 'Export'").AnyError();

        Assert.Equal(OutcomeUnknownId, error.FullyQualifiedErrorId);
        Assert.Contains("Partoo has keys 1020, 1021 labelled 'Export' made since the create was sent", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Contains("Get-PartooApiKey -Id 1020, 1021", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Single(Posts(session.Simulator));
    }

    [Fact]
    public async Task WhenTheSearchFailsTooTheErrorSaysWhatToCheck()
    {
        await using var session = await SimulatorSession.StartAsync(connectParameters: "-MaxRetryAttempts 1");
        var sim = session.Simulator;
        sim.Knobs.Faults.Add(LostCreate());
        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html503, Method = "GET" });

        var error = session.Run("New-PartooApiKey -Label \"Ops' bot\"").AnyError();

        Assert.Equal(OutcomeUnknownId, error.FullyQualifiedErrorId);
        Assert.StartsWith("Partoo may have created the key 'Ops' bot', but the answer to the create was lost: ", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Contains("Looking for the key failed too: GET /v2/api_keys", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.StartsWith("Check with Get-PartooApiKey -SearchText 'Ops'' bot' whether Partoo created it", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("cannot be read again: revoke it with Revoke-PartooApiKey -Id <id>, then create it again", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Single(Posts(sim));
        Assert.NotNull(sim.FindKey(NewId));
    }

    public static TheoryData<FaultKind, string> Failures() => new()
    {
        { FaultKind.Reset, "CreateOutcomeUnknown" },   // the connection dropped after the create was sent
        { FaultKind.Html502, "CreateOutcomeUnknown" }, // a gateway lost Partoo's answer
        { FaultKind.Html504, "CreateOutcomeUnknown" },
        { FaultKind.Hang, "CreateOutcomeUnknown" },    // no answer in time
        { FaultKind.Html503, "ServerError" },          // not processed
        { FaultKind.RateLimit429, "RateLimited" },     // not processed (retried until the attempts run out)
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task OnlyAnAnswerThatMayHaveBeenLostIsReportedAsAnUnknownOutcome(FaultKind kind, string reason)
    {
        await using var session = await SimulatorSession.StartAsync(connectParameters: "-TimeoutSec 1 -MaxRetryAttempts 1");
        var sim = session.Simulator;
        sim.Knobs.Faults.Add(new FaultRule { Kind = kind, Method = "POST", RetryAfterSeconds = kind == FaultKind.RateLimit429 ? 0 : null });

        var error = session.Run("New-PartooApiKey -Label 'Faulted'").AnyError();

        Assert.Equal($"NewPartooApiKey{reason},PartooKeys.Commands.NewPartooApiKeyCommand", error.FullyQualifiedErrorId);
        Assert.Null(sim.FindKey(NewId)); // these faults change nothing
        Assert.Equal(kind == FaultKind.RateLimit429 ? 2 : 1, Posts(sim).Count()); // a 429 is retried: it was not processed
        if (reason == "CreateOutcomeUnknown")
        {
            Assert.Contains("A search right after found no new key 'Faulted'.", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.StartsWith("Check again with Get-PartooApiKey -SearchText 'Faulted' before you create it again", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        }
        else Assert.DoesNotContain(sim.Requests, r => r.Method == "GET"); // nothing to look for
        if (kind == FaultKind.Reset) // never "could not reach Partoo": it may well have
            Assert.Contains("failed on the network (Partoo may or may not have received it)", error.ErrorDetails.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusedConnectionIsAConnectionFailureNotAnUnknownOutcome()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now: every connection is refused
        using var shell = new PowerShellSession();
        Assert.Null(shell.Run($"Connect-Partoo -BaseUri 'http://127.0.0.1:{port}/v2/' -ApiKey ([System.Net.NetworkCredential]::new('', 'k').SecurePassword) -RetryBaseDelaySec 0.01").Terminating);

        var error = shell.Run("New-PartooApiKey -Label 'Nowhere'").AnyError();

        Assert.Equal("NewPartooApiKeyConnectionFailed,PartooKeys.Commands.NewPartooApiKeyCommand", error.FullyQualifiedErrorId);
        Assert.Contains("could not reach Partoo", error.ErrorDetails.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InACsvPipelineTheLostCreateStopsTheCommandAfterTheRowsBeforeIt()
    {
        await using var session = await SimulatorSession.StartAsync();
        var sim = session.Simulator;
        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Method = "POST", EveryNth = 2, MaxTimes = 1 });

        var result = session.Run("@([pscustomobject]@{ Label = 'Row 1' }, [pscustomobject]@{ Label = 'Row 2' }, [pscustomobject]@{ Label = 'Row 3' }) | New-PartooApiKey");

        Assert.Equal(["Row 1"], result.Objects<ApiKey>().Select(k => k.Label));
        var error = result.AnyError();
        Assert.Equal(OutcomeUnknownId, error.FullyQualifiedErrorId);
        Assert.Contains($"Partoo created API key {NewId + 1} 'Row 2'", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Equal(2, Posts(sim).Count()); // Row 3 was never sent
        Assert.DoesNotContain(sim.Keys, k => k.Label == "Row 3");
    }

    [Fact]
    public async Task APutWhoseAnswerIsLostIsSentAgainAndTheKeyEndsAsAsked()
    {
        await using var session = await SimulatorSession.StartAsync();
        var sim = session.Simulator;
        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Method = "PUT", MaxTimes = 1 });

        var result = session.Run("Set-PartooApiKey -Id 1003 -Label 'Renamed' -Description 'After a lost answer' -PassThru");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var key = Assert.Single(result.Objects<ApiKey>());
        Assert.Equal(("Renamed", "After a lost answer"), (key.Label, key.Description));
        Assert.Equal(("Renamed", "After a lost answer"), (sim.FindKey(1003)!.Label, sim.FindKey(1003)!.Description));
        Assert.Equal(2, sim.Requests.Count(r => r.Method == "PUT" && r.Path == "/v2/api_keys/1003"));
    }

    [Theory]
    [InlineData(false)] // the retry is answered success again
    [InlineData(true)]  // the retry is answered 400 "already revoked": the lost attempt revoked it
    public async Task ARevokeWhoseAnswerIsLostIsReportedAsThisCommandsRevocation(bool alreadyRevokedIsError)
    {
        await using var session = await SimulatorSession.StartAsync();
        var sim = session.Simulator;
        sim.Knobs.RevokeAlreadyRevokedIsError = alreadyRevokedIsError;
        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Method = "POST", PathContains = "/revoke/", MaxTimes = 1 });

        var result = session.Run("Revoke-PartooApiKey -Id 1003 -Force -PassThru -Verbose");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings); // no "already revoked": nobody else revoked it
        Assert.True(Assert.Single(result.Objects<ApiKey>()).Disabled);
        Assert.True(sim.FindKey(1003)!.Disabled);
        Assert.Equal(2, sim.Requests.Count(r => r.Path == "/v2/api_keys/revoke/1003"));
        var saysSo = result.Verbose.Any(v => v.Message.Contains("The answer to the revoke of API key 1003", StringComparison.Ordinal)
            && v.Message.Contains("this command revoked it", StringComparison.Ordinal));
        Assert.Equal(alreadyRevokedIsError, saysSo);
    }

    [Theory]
    [InlineData("text/html", "<html>created</html>")]
    [InlineData("application/json", "{\"id\": \"not a number\", \"label\": \"Reviews bot\"}")]
    public async Task ACreateAnsweredSuccessWithABodyThatCannotBeReadIsAnUnknownOutcomeNotARetry(string mediaType, string body)
    {
        await using var session = await SimulatorSession.StartAsync();
        var sim = session.Simulator;
        sim.Knobs.Override = request => request.Method == "POST" ? (201, mediaType, body) : null;

        var error = session.Run("New-PartooApiKey -Label 'Reviews bot'").AnyError();

        Assert.Equal(OutcomeUnknownId, error.FullyQualifiedErrorId);
        Assert.Contains("Get-PartooApiKey -SearchText 'Reviews bot'", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Single(Posts(sim));
    }
}
