using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Bulk changes under faults: every key asked for is changed, exactly once, and no other.</summary>
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
}
