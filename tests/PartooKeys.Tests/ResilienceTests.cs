using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Transient faults, 429s and hangs are retried; listings stay exact; waits are bounded and cancellable.</summary>
public sealed class ResilienceTests
{
    public static TheoryData<FaultKind, int> Faults() => new()
    {
        { FaultKind.Html503, 3 },
        { FaultKind.Html502, 4 },
        { FaultKind.Html504, 2 },
        { FaultKind.Reset, 3 },
        { FaultKind.RateLimit429, 4 },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task AThousandKeyListingSurvivesEveryNthFault(FaultKind kind, int everyNth)
    {
        // Every 2nd request failing could, with pages fetched concurrently, fail one page's every attempt
        // by the luck of interleaving: that case runs one page at a time, the others with the defaults.
        var settings = everyNth == 2 ? "-MaxConcurrency 1" : "-MaxRetryAttempts 8";
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(1000), connectParameters: settings);
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = kind, EveryNth = everyNth, RetryAfterSeconds = kind == FaultKind.RateLimit429 ? 0 : null });
        var result = session.Run("Get-PartooApiKey -Verbose");
        Assert.Empty(result.Errors);
        var ids = result.Objects<ApiKey>().Select(k => k.Id).ToList();
        Assert.Equal(session.Simulator.Keys.Select(k => k.Id), ids);
        Assert.Contains(result.Verbose, v => v.Message.Contains("; retry 1 of ", StringComparison.Ordinal));
        Assert.True(session.Simulator.Requests.Count > 10);
    }

    [Fact]
    public async Task HangsTimeOutAndAreRetried()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(500), connectParameters: "-TimeoutSec 1");
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Hang, EveryNth = 3, MaxTimes = 1 });
        var result = session.Run("Get-PartooApiKey");
        Assert.Empty(result.Errors);
        Assert.Equal(session.Simulator.Keys.Select(k => k.Id), result.Objects<ApiKey>().Select(k => k.Id));
        // The contract, not a count (a page slower than the 1 s timeout on a busy machine is retried too): the hung
        // request timed out and its page was asked for again and answered.
        var hung = Assert.Single(session.Simulator.Requests, r => r.StatusCode == 0);
        Assert.Contains(session.Simulator.Requests, r => r.StatusCode == 200 && r.Query == hung.Query);
    }

    [Fact]
    public async Task RateLimitWarnsOnceAndTellsEachRetryInVerbose()
    {
        // One page at a time, so every 2nd request failing fails each page at most once.
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(500), connectParameters: "-MaxConcurrency 1");
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit429, EveryNth = 2, RetryAfterSeconds = 0 });
        var result = session.Run("Get-PartooApiKey -PageSize 50 -Verbose");
        Assert.Equal(500, result.Objects<ApiKey>().Count());
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("429", warning.Message);
        Assert.Contains("-MaxRequestsPerMinute", warning.Message);
        Assert.True(result.Verbose.Count(v => v.Message.Contains("answered 429", StringComparison.Ordinal)) >= 5);
    }

    [Fact]
    public async Task ACreateRateLimitedWithoutRetryAfterIsMadeOnceAndTheWarningSaysItBacksOff()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit429, Method = "POST", MaxTimes = 1 });
        var result = session.Run("New-PartooApiKey -Label 'Throttled' -Verbose");
        Assert.Empty(result.Errors);
        Assert.Equal("Throttled", Assert.Single(result.Objects<ApiKey>()).Label);
        Assert.Single(session.Simulator.Keys, k => k.Label == "Throttled");
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("(429): Partoo did not say how long to wait (no Retry-After), so PartooKeys backs off (", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("as Partoo asks", warning.Message, StringComparison.Ordinal);
        Assert.Contains(result.Verbose, v => v.Message.StartsWith("POST /v2/api_keys answered 429; retry 1 of 4 in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RetryAfterAsAnHttpDateIsHonoured()
    {
        await using var session = await SimulatorSession.StartAsync(); // retry backoff 0.01 s: only the header can make it wait
        var now = DateTimeOffset.UtcNow;
        var until = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(2); // whole seconds, as HTTP dates are
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit429, MaxTimes = 1, RetryAfterHttpDate = until.ToString("R") });
        var arrivals = new List<DateTimeOffset>();
        session.Simulator.Knobs.Override = _ => { lock (arrivals) arrivals.Add(DateTimeOffset.UtcNow); return null; };

        var result = session.Run("Get-PartooApiKey -Id 1001 -Verbose");

        Assert.Empty(result.Errors);
        Assert.Single(result.Objects<ApiKey>());
        Assert.Equal(2, arrivals.Count);
        Assert.True(arrivals[1] >= until.AddMilliseconds(-50), $"the retry came at {arrivals[1]:HH:mm:ss.fff}, before the Retry-After date {until:HH:mm:ss}");
    }

    [Fact]
    public async Task ALongRetryAfterIsCappedByMaxRetryWait()
    {
        await using var session = await SimulatorSession.StartAsync(connectParameters: "-MaxRetryWaitSec 1");
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit429, MaxTimes = 1, RetryAfterSeconds = 3600 });
        using var shell = session.Shell.Prepare("Get-PartooApiKey -Id 1001");
        var invocation = shell.BeginInvoke();
        Assert.True(invocation.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the retry waited for Retry-After instead of the cap");
        var output = shell.EndInvoke(invocation);
        Assert.Single(output);
        Assert.Equal(2, session.Simulator.Requests.Count);
    }

    [Fact]
    public async Task AfterTheLastAttemptTheErrorIsReported()
    {
        await using var session = await SimulatorSession.StartAsync(connectParameters: "-MaxRetryAttempts 2");
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html503 });
        var error = session.Run("Get-PartooApiKey -Id 1001").AnyError();
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Equal(3, session.Simulator.Requests.Count);
    }

    [Fact]
    public async Task AServerErrorThatIsNotTransientIsNotRetried()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.EmptyBody500 });
        var error = session.Run("Get-PartooApiKey -Id 1001").AnyError();
        Assert.StartsWith("GetPartooApiKeyServerError,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Single(session.Simulator.Requests);
    }

    [Fact]
    public async Task TheClientSideLimiterHoldsRequestsAndCtrlCStillEndsAtOnce()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(500), connectParameters: "-MaxRequestsPerMinute 3");
        using var shell = session.Shell.Prepare("Get-PartooApiKey -PageSize 50");
        var invocation = shell.BeginInvoke();
        Assert.True(await session.Simulator.WaitForRequestsAsync(new RequestWait { Count = 3 }), "the three permits of the minute were not used");
        // The next permit is about a minute away: Stop must end the wait for it (well within 30 s), and no request goes out after.
        await Task.Run(shell.Stop).WaitAsync(TimeSpan.FromSeconds(30)); // a TimeoutException: Ctrl+C did not end the wait for a permit
        Assert.True(invocation.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Equal(3, session.Simulator.Requests.Count); // the fourth was held by the limiter until the stop
    }

    [Fact]
    public async Task ConnectionShowsItsRetryAndLimitSettings()
    {
        await using var session = await SimulatorSession.StartAsync(connectParameters: "-MaxRequestsPerMinute 120 -MaxRetryAttempts 2 -MaxRetryWaitSec 30 -TimeoutSec 20");
        var info = Assert.Single(session.Run("Get-PartooConnection").Objects<PartooConnection>());
        Assert.Equal(120, info.MaxRequestsPerMinute);
        Assert.Equal(2, info.MaxRetryAttempts);
        Assert.Equal(30, info.MaxRetryWaitSec);
        Assert.Equal(20, info.TimeoutSec);
        Assert.Null(info.Proxy);
    }

    [Fact]
    public async Task AnExplicitProxyCarriesTheRequests()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", sim.CallerKey);
        // The simulator answers absolute-form proxy requests, so it can stand in for the proxy.
        var proxy = new Uri(sim.BaseUri.GetLeftPart(UriPartial.Authority));
        var result = shell.Run("Connect-Partoo -BaseUri http://partoo.invalid/v2 -AllowUnencryptedAuthentication -Proxy $p; Get-PartooApiKey -Id 1001; Get-PartooConnection",
            new() { ["p"] = proxy });
        Assert.Empty(result.Errors);
        Assert.Equal(1001, Assert.Single(result.Objects<ApiKey>()).Id);
        Assert.Equal(proxy, Assert.Single(result.Objects<PartooConnection>()).Proxy);
    }

    [Fact]
    public async Task TwoRunspacesListingAtOnceDoNotCrossTalk()
    {
        await using var simA = await PartooSimulator.StartAsync(SeedData.Generated(400, firstId: 1000));
        await using var simB = await PartooSimulator.StartAsync(SeedData.Generated(300, firstId: 5000));
        using var a = new PowerShellSession();
        using var b = new PowerShellSession();
        a.Connect(simA);
        b.Connect(simB);
        simA.Knobs.Latency = simB.Knobs.Latency = TimeSpan.FromMilliseconds(20);
        var runA = Task.Run(() => a.Run("Get-PartooApiKey -PageSize 20"));
        var runB = Task.Run(() => b.Run("Get-PartooApiKey -PageSize 20"));
        var (resultA, resultB) = (await runA, await runB);
        Assert.Equal(simA.Keys.Select(k => k.Id), resultA.Objects<ApiKey>().Select(k => k.Id));
        Assert.Equal(simB.Keys.Select(k => k.Id), resultB.Objects<ApiKey>().Select(k => k.Id));
        Assert.All(simA.Requests, r => Assert.Equal(simA.CallerKey, r.ApiKeyHeader));
        Assert.All(simB.Requests, r => Assert.Equal(simB.CallerKey, r.ApiKeyHeader));
    }

    [Fact]
    public async Task KeyValueFindsTheKeyOfALeakedSecretAndNeverShowsIt()
    {
        await using var session = await SimulatorSession.StartAsync();
        var leaked = PowerShellSession.Secure("sim-secret-1010");
        var result = session.Run("Get-PartooApiKey -KeyValue $k -Verbose -Debug", new() { ["k"] = leaked });
        Assert.Equal(1010, Assert.Single(result.Objects<ApiKey>()).Id);
        Assert.Equal("sim-secret-1010", Assert.Single(session.Simulator.Requests).QueryValues["search_text"]);
        Assert.DoesNotContain("sim-secret-1010", result.AllText(), StringComparison.Ordinal);
        Assert.Contains(result.Verbose, v => v.Message.Contains("search_text=***", StringComparison.Ordinal));

        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html503 });
        var failed = session.Run("Get-PartooApiKey -KeyValue $k -Verbose -Debug", new() { ["k"] = leaked });
        Assert.NotEmpty(failed.Errors);
        Assert.DoesNotContain("sim-secret-1010", failed.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AListingThatShiftsWhileReadWarnsAndNeverRepeatsAKey()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(300));
        var sim = session.Simulator;
        // After the first page, a new key appears at the front: later pages shift by one.
        var added = false;
        sim.Knobs.Override = r =>
        {
            if (!added && r.QueryValues.GetValueOrDefault("page") == "2")
            {
                added = true;
                sim.AddKey(new SimKey { Id = 1, Label = "Inserted", UserId = "5d1f0a9e3c2b4a6f8e7d0c1b", UserRole = "ORG_ADMIN", UserType = "bot", CreatedBy = "x", CreatedByName = "x", CreatedAt = "2024-01-01 00:00:00+00", Secret = "sim-new" });
            }
            return null;
        };
        var result = session.Run("Get-PartooApiKey");
        var ids = result.Objects<ApiKey>().Select(k => k.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains(result.Warnings, w => w.Message.Contains("changed from 300 to 301", StringComparison.Ordinal));
    }
}

/// <summary>The incident-response one-liner: find the key of a leaked secret and revoke it, the secret never shown.</summary>
public sealed class LeakedSecretTests
{
    [Fact]
    public async Task ALeakedSecretIsFoundAndRevokedInOnePipeline()
    {
        await using var session = await SimulatorSession.StartAsync();
        var leaked = PowerShellSession.Secure("sim-secret-1008");
        var result = session.Run("Get-PartooApiKey -KeyValue $leaked | Revoke-PartooApiKey -Force -PassThru -Verbose -Debug", new() { ["leaked"] = leaked });
        Assert.Empty(result.Errors);
        var revoked = Assert.Single(result.Objects<ApiKey>());
        Assert.Equal(1008, revoked.Id);
        Assert.True(revoked.Disabled);
        Assert.True(session.Simulator.FindKey(1008)!.Disabled);
        Assert.Single(session.Simulator.Requests, r => r.Method == "POST" && r.Path == "/v2/api_keys/revoke/1008");
        Assert.DoesNotContain("sim-secret-1008", result.AllText(), StringComparison.Ordinal);
    }
}
