using System.Collections.Concurrent;
using PartooKeys.Http;
using PartooKeys.Resilience;
using PartooKeys.Simulator;

namespace PartooKeys.Client.Tests;

/// <summary>A 429 without Retry-After: retried after a backoff bounded by MaxRetryWait, and a create is made once.</summary>
public sealed class RateLimitWithoutRetryAfterTests
{
    /// <summary>Bounds a failing test only: an unbounded backoff (an hour from RetryBaseDelaySec) would run into it.</summary>
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(60);

    private sealed class Notices : IRequestObserver
    {
        public ConcurrentQueue<RetryNotice> Retries { get; } = new();
        public void RequestCompleted(RequestRecord record) { }
        public void RetryScheduled(RetryNotice notice) => Retries.Enqueue(notice);
        public void WaitStarted(BudgetWait wait) { }
        public void WaitLong(BudgetWait wait) { }
        public void WaitEnded(BudgetWait wait) { }
    }

    /// <summary>A backoff of an hour that MaxRetryWait caps at one second: only the cap lets the retry come in time.</summary>
    private static PartooClient Client(PartooSimulator simulator)
    {
        var options = new PartooClientOptions(simulator.BaseUri, Secure(simulator.CallerKey),
            new PartooSettings { RetryBaseDelaySec = 3600, MaxRetryWaitSec = 1 });
        options.Policy = new PartooRequestPolicy(options);
        return new PartooClient(options);
    }

    private static async Task<T> Observed<T>(Notices notices, Func<Task<T>> call)
    {
        using (RequestObserver.Use(notices)) return await call().WaitAsync(SafetyTimeout);
    }

    private static void AssertOneBackoffWithoutRetryAfter(Notices notices, string method)
    {
        var retry = Assert.Single(notices.Retries);
        Assert.Equal(429, retry.Cause.StatusCode);
        Assert.Equal(method, retry.Cause.Method);
        Assert.Null(retry.Cause.RetryAfter);
        Assert.True(retry.IsRateLimit);
        Assert.InRange(retry.Delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1)); // backed off, within MaxRetryWait
    }

    [Fact]
    public async Task AGetIsRetriedAfterABoundedBackoff()
    {
        await using var simulator = await PartooSimulator.StartAsync(SeedData.Standard());
        simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit429, Method = "GET", MaxTimes = 1 });
        using var client = Client(simulator);
        var notices = new Notices();

        var key = await Observed(notices, () => client.GetApiKeyAsync(1001, false, CancellationToken.None));

        Assert.Equal(1001, key.Id);
        Assert.Equal([429, 200], simulator.Requests.Select(r => r.StatusCode));
        AssertOneBackoffWithoutRetryAfter(notices, "GET");
    }

    [Fact]
    public async Task ACreateIsRetriedAndMadeOnce()
    {
        await using var simulator = await PartooSimulator.StartAsync(SeedData.Standard());
        simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit429, Method = "POST", MaxTimes = 1 });
        using var client = Client(simulator);
        var notices = new Notices();
        var before = simulator.Keys.Count;

        var key = await Observed(notices, () => client.CreateApiKeyAsync(new ApiKeyChanges { Label = "Throttled" }, CancellationToken.None));

        Assert.Equal("Throttled", key.Label);
        Assert.Equal(before + 1, simulator.Keys.Count);
        Assert.Single(simulator.Keys, k => k.Label == "Throttled");
        Assert.Equal([429, 201], simulator.Requests.Where(r => r.Method == "POST").Select(r => r.StatusCode));
        AssertOneBackoffWithoutRetryAfter(notices, "POST");
    }
}
