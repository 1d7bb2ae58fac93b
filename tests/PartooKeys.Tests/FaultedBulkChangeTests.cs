using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Bulk changes and revocations under faults: every key asked for is changed, exactly once, and no other.</summary>
public sealed class FaultedBulkChangeTests
{
    public static TheoryData<FaultKind, int> Faults() => new()
    {
        { FaultKind.Html503, 3 },
        { FaultKind.Reset, 4 },
        { FaultKind.RateLimit429, 3 },
        { FaultKind.Hang, 7 },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task ASetOnFiftyKeysChangesExactlyThoseFiftyOnce(FaultKind kind, int everyNth)
    {
        // Only a hang needs the short timeout: elsewhere a PUT answered late on a busy machine would be sent again.
        var timeout = kind == FaultKind.Hang ? 1 : 30;
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(60), connectParameters: $"-TimeoutSec {timeout} -MaxRetryAttempts 8");
        var sim = session.Simulator;
        var targets = sim.Keys.Skip(10).Select(k => k.Id).ToArray();
        var others = sim.Keys.Take(10).ToDictionary(k => k.Id, k => k.Label);
        sim.Knobs.Faults.Add(new FaultRule
        {
            Kind = kind, EveryNth = everyNth, RetryAfterSeconds = kind == FaultKind.RateLimit429 ? 0 : null,
            MaxTimes = kind == FaultKind.Hang ? 4 : null, // each hang costs the 1 s timeout
        });

        var result = session.Run("$ids | Set-PartooApiKey -Label 'Bulk renamed'", new() { ["ids"] = targets });

        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.True(sim.Knobs.Faults[0].TimesFired > 0, "no fault was injected");
        Assert.All(targets, id => Assert.Equal("Bulk renamed", sim.FindKey(id)!.Label));
        Assert.All(others, pair => Assert.Equal(pair.Value, sim.FindKey(pair.Key)!.Label));
        var appliedPuts = sim.Requests.Where(r => r.Method == "PUT" && r.StatusCode == 200).GroupBy(r => r.Path).ToList();
        Assert.Equal(50, appliedPuts.Count);
        Assert.All(appliedPuts, group => Assert.Single(group));
    }

    public static TheoryData<FaultKind, int> RevokeFaults() => new()
    {
        { FaultKind.Html503, 3 },
        { FaultKind.Reset, 4 },
        { FaultKind.RateLimit429, 3 }, // without Retry-After: the policy backs off
    };

    [Theory]
    [MemberData(nameof(RevokeFaults))]
    public async Task ARevokeOfFiftyKeysRevokesEachOnceAndReportsThemInInputOrder(FaultKind kind, int everyNth)
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(60), connectParameters: "-MaxRetryAttempts 8");
        var sim = session.Simulator;
        sim.Knobs.RateLimitPerMinute = PartooSettings.PartooRequestsPerMinute; // Partoo's limit, on
        var active = sim.Keys.Where(k => !k.Disabled).Select(k => k.Id).ToList();
        var targets = active.Skip(5).Take(50).Reverse().ToArray(); // not id order: the output must follow the input
        var others = sim.Keys.Where(k => !targets.Contains(k.Id)).ToDictionary(k => k.Id, k => k.Disabled);
        sim.Knobs.Faults.Add(new FaultRule { Kind = kind, EveryNth = everyNth });

        var result = session.Run("$ids | Revoke-PartooApiKey -Force -PassThru", new() { ["ids"] = targets });

        Assert.Empty(result.Errors);
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("already revoked", StringComparison.Ordinal));
        Assert.True(sim.Knobs.Faults[0].TimesFired > 0, "no fault was injected");
        Assert.Equal(targets, result.Objects<ApiKey>().Select(k => k.Id));
        Assert.All(result.Objects<ApiKey>(), k => Assert.True(k.Disabled));
        Assert.All(targets, id => Assert.True(sim.FindKey(id)!.Disabled, $"key {id} is not revoked"));
        Assert.All(others, pair => Assert.Equal(pair.Value, sim.FindKey(pair.Key)!.Disabled));
        var appliedRevokes = sim.Requests.Where(r => r.Method == "POST" && r.Path.Contains("/revoke/", StringComparison.Ordinal) && r.StatusCode == 200)
            .GroupBy(r => r.Path).ToList();
        Assert.Equal(50, appliedRevokes.Count);
        Assert.All(appliedRevokes, group => Assert.Single(group));
    }
}
