using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>One rate budget per organisation in the process: shared limiter and 429 back-off, and waits that are never silent.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class RateBudgetTests
{
    private static Dictionary<string, object?> KeyAndUri(PartooSimulator sim, string? key = null) =>
        new() { ["k"] = PowerShellSession.Secure(key ?? sim.CallerKey), ["u"] = sim.BaseUri };

    /// <summary>Starts the script and returns once it reports a wait (a progress record), then stops it.</summary>
    private static (ProgressRecord Wait, List<VerboseRecord> Verbose) StopAtFirstWait(PowerShellSession shell, string script)
    {
        using var ps = shell.Prepare(script);
        using var waiting = new ManualResetEventSlim();
        ProgressRecord? first = null;
        ps.Streams.Progress.DataAdded += (_, e) =>
        {
            var record = ps.Streams.Progress[e.Index];
            if (record.Activity.Contains("rate budget", StringComparison.Ordinal) && record.RecordType == ProgressRecordType.Processing)
            {
                first ??= record;
                waiting.Set();
            }
        };
        var running = ps.BeginInvoke();
        Assert.True(WaitHandle.WaitAny([waiting.WaitHandle, running.AsyncWaitHandle], TimeSpan.FromSeconds(60)) == 0, "the command finished or hung without reporting a wait");
        ps.Stop();
        return (first!, ps.Streams.Verbose.ToList());
    }

    [Fact]
    public async Task ConnectionsMadeSeparatelyInTwoRunspacesShareOneBudget()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var first = new PowerShellSession();
        using var second = new PowerShellSession();
        var budget = "-MaxRequestsPerMinute 2 -BaseUri $u -ApiKey $k";
        first.Run($"Connect-Partoo {budget}", KeyAndUri(sim));
        second.Run($"Connect-Partoo {budget}", KeyAndUri(sim));
        Assert.Empty(first.Run("Get-PartooApiKey -Id 1001, 1002").Errors); // spends the budget
        sim.ClearRequests();

        var (wait, verbose) = StopAtFirstWait(second, "Get-PartooApiKey -Id 1003 -Verbose");
        Assert.Empty(sim.Requests); // the second runspace waited for the shared budget instead of sending
        Assert.Contains("2 requests a minute", wait.StatusDescription);
        Assert.Contains(verbose, v => v.Message.StartsWith("Waiting about", StringComparison.Ordinal) && v.Message.Contains(sim.BaseUri.Host));
        Assert.DoesNotContain(verbose, v => v.Message.Contains(sim.CallerKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherKeyOrAnotherAddressHasItsOwnBudget()
    {
        await using var sim = await PartooSimulator.StartAsync();
        await using var other = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        shell.Run("$a = Connect-Partoo -MaxRequestsPerMinute 1 -BaseUri $u -ApiKey $k -PassThru", KeyAndUri(sim));
        shell.Run("$b = Connect-Partoo -MaxRequestsPerMinute 1 -BaseUri $u -ApiKey $k -PassThru", KeyAndUri(sim, "another-organisations-key"));
        shell.Run("$c = Connect-Partoo -MaxRequestsPerMinute 1 -BaseUri $u -ApiKey $k -PassThru", KeyAndUri(other));
        Assert.Single(shell.Run("Get-PartooApiKey -Id 1001 -Connection $a").Objects<ApiKey>());
        shell.Run("Get-PartooApiKey -Id 1001 -Connection $b -ErrorAction SilentlyContinue"); // 401, but sent at once
        Assert.Single(shell.Run("Get-PartooApiKey -Id 1001 -Connection $c").Objects<ApiKey>());
        Assert.Equal(2, sim.Requests.Count);
        Assert.Single(other.Requests);
    }

    [Fact]
    public async Task A429PausesEveryUserOfTheBudget()
    {
        await using var sim = await PartooSimulator.StartAsync();
        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit429, RetryAfterSeconds = 600, MaxTimes = 1 });
        using var first = new PowerShellSession();
        using var second = new PowerShellSession();
        first.Run("Connect-Partoo -MaxRetryAttempts 0 -MaxRetryWaitSec 600 -BaseUri $u -ApiKey $k", KeyAndUri(sim));
        second.Run("Connect-Partoo -BaseUri $u -ApiKey $k", KeyAndUri(sim));
        var refused = first.Run("Get-PartooApiKey -Id 1001").AnyError();
        Assert.StartsWith("GetPartooApiKeyRateLimited", refused.FullyQualifiedErrorId, StringComparison.Ordinal);
        sim.ClearRequests();

        var (wait, verbose) = StopAtFirstWait(second, "Get-PartooApiKey -Id 1002 -Verbose");
        Assert.Empty(sim.Requests);
        Assert.Contains("429", wait.StatusDescription);
        Assert.Contains(verbose, v => v.Message.Contains("Retry-After", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWaitOverFiveSecondsWarnsOncePerCommandAndShowsProgress()
    {
        await using var sim = await PartooSimulator.StartAsync();
        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit429, RetryAfterSeconds = 6, MaxTimes = 1 });
        using var shell = new PowerShellSession();
        shell.Run("Connect-Partoo -BaseUri $u -ApiKey $k -MaxConcurrency 4", KeyAndUri(sim));
        var result = shell.Run("Get-PartooApiKey -Id 1001, 1002, 1003 -Verbose");
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Objects<ApiKey>().Count());
        Assert.Single(result.Warnings, w => w.Message.Contains("more than 5 s", StringComparison.Ordinal));
        Assert.Contains(result.Progress, p => p.Activity.Contains("rate budget") && p.RecordType == ProgressRecordType.Processing && p.StatusDescription.Contains("429"));
        Assert.Equal(ProgressRecordType.Completed, result.Progress.Last(p => p.Activity.Contains("rate budget")).RecordType);
    }
}
