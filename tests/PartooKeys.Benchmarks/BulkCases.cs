using System.Globalization;
using PartooKeys.Simulator;

namespace PartooKeys.Benchmarks;

/// <summary>One bulk case (an operation on every key of a listing), measured in a child process of its own.</summary>
public sealed record BulkCaseResult(
    string Operation, int Keys, int LatencyMs, int PerMinute, string Method, int Runs, double[] WallMs,
    int[] Requests, int[] TooManyRequests, string Note)
{
    public double Wall => Stats.Median(WallMs);

    /// <summary>The requests the job needs at the least: the listing's pages and one write per key.</summary>
    public int MinimalRequests => Report.Pages(Keys, 100) + Keys;
}

/// <summary>
/// Issue 12's bulk cases: revoke N expired keys, and add a permission to N restricted keys, each as a pipeline from a
/// filtered listing. The simulator enforces an organisation budget (its fixed 60 s window) and counts every request
/// and every 429; the keys are put back between runs (untimed).
/// </summary>
public static class BulkCases
{
    public const int CallerId = 1000;
    public const int FirstExpiredId = 20000;
    public const int FirstUserId = 50000;

    /// <summary>The budget of the concurrency cases: 300 changes plus their listing fit in it, so the budget does not bind.</summary>
    public const int RoomyPerMinute = 600;

    /// <summary>Partoo's default budget: with more than 300 requests it binds.</summary>
    public const int PartooPerMinute = 300;

    private static readonly string[] InitialPermissions = ["business_edit", "review_read"];

    public static List<BulkCaseResult> Measure(bool quick, string manifest, string[] common)
    {
        var n = quick ? 30 : 300;
        int[] latencies = quick ? [50] : [50, 200];
        var simulator = PartooSimulator.StartAsync(Seed(n)).GetAwaiter().GetResult();
        var results = new List<BulkCaseResult>();
        try
        {
            foreach (var operation in new[] { BulkOperation.Revoke, BulkOperation.AddPermission })
                foreach (var latency in latencies)
                    foreach (var method in new[] { "PartooKeys", "loop" })
                        // The loop's time is requests x L, the same every run: one run is enough.
                        results.Add(MeasureCase(simulator, operation, n, latency, RoomyPerMinute, method,
                            runs: method == "loop" || quick ? 1 : 3, warmUp: method == "PartooKeys", manifest, common));
            if (!quick)
            {
                // Partoo's own budget: over 300 requests, the second minute is the bound; what counts is waiting, not 429s.
                foreach (var method in new[] { "PartooKeys", "loop" })
                    results.Add(MeasureCase(simulator, BulkOperation.Revoke, n, 50, PartooPerMinute, method, runs: 1, warmUp: false, manifest, common));
            }
        }
        finally
        {
            simulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return results;
    }

    /// <summary>The caller key; N expired bot keys (revoke targets); N active restricted user keys (add-permission targets).</summary>
    public static List<SimKey> Seed(int n)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.Date);
        var all = KnownPermissions.All.ToList();
        var keys = new List<SimKey>
        {
            new() { Id = CallerId, Label = "Benchmark caller", UserType = "bot", UserRole = "ORG_ADMIN", Secret = SeedData.CallerSecret,
                Permissions = all, UserPermissions = all },
        };
        for (var i = 0; i < n; i++)
        {
            keys.Add(new SimKey
            {
                Id = FirstExpiredId + i, Label = $"Expired {i + 1:D4}", UserType = "bot", UserRole = "ORG_ADMIN",
                ExpirationDate = today.AddDays(-30), Permissions = all, UserPermissions = all, Secret = $"sim-secret-{FirstExpiredId + i}",
            });
            keys.Add(new SimKey
            {
                Id = FirstUserId + i, Label = $"User key {i + 1:D4}", UserType = "user", UserRole = "ORG_MANAGER", UserName = "Alice Martin",
                HasRestrictedPermissions = true, Permissions = [.. InitialPermissions], UserPermissions = all, Secret = $"sim-secret-{FirstUserId + i}",
            });
        }
        return keys;
    }

    private static void PutBack(PartooSimulator simulator, string operation, int n)
    {
        for (var i = 0; i < n; i++)
        {
            if (operation == BulkOperation.Revoke)
                simulator.UpdateKey(FirstExpiredId + i, k => { k.Disabled = false; k.RevokedAt = k.RevokedBy = k.RevokedByName = null; });
            else
                simulator.UpdateKey(FirstUserId + i, k => { k.HasRestrictedPermissions = true; k.Permissions = [.. InitialPermissions]; });
        }
    }

    private static int CountDone(PartooSimulator simulator, string operation, int n) =>
        Enumerable.Range(0, n).Count(i => operation == BulkOperation.Revoke
            ? simulator.FindKey(FirstExpiredId + i)!.Disabled
            : simulator.FindKey(FirstUserId + i)!.Permissions.Contains(BulkOperation.AddedPermission));

    private static BulkCaseResult MeasureCase(PartooSimulator simulator, string operation, int n, int latency, int perMinute, string method,
        int runs, bool warmUp, string manifest, string[] common)
    {
        Console.Write($"{operation,-14} N={n,-4} L={latency,3} ms budget {perMinute}/min {method,-10}: ");
        simulator.Knobs.Latency = TimeSpan.FromMilliseconds(latency);
        simulator.Knobs.RateLimitPerMinute = perMinute;
        using var child = new ChildProcess(["bulk", "--method", method, "--operation", operation, "--uri", simulator.BaseUri.ToString(),
            "--key", simulator.CallerKey, "--perMinute", perMinute.ToString(CultureInfo.InvariantCulture), "--manifest", manifest, .. common]);
        var ready = child.Receive<Ready>();

        (BulkRunResult Result, int Requests, int TooMany) RunOnce()
        {
            PutBack(simulator, operation, n);
            simulator.ClearRequests();
            simulator.ResetRateLimit();
            child.Ask<string>("PREP");
            var result = child.Ask<BulkRunResult>("RUN");
            var log = simulator.Requests;
            if (result.Errors > 0) throw new BenchmarkException($"{method} {operation}: {result.Errors} errors, the first: {result.FirstError}");
            if (log.FirstOrDefault(r => r.StatusCode is not (200 or 429)) is { } failed) throw new BenchmarkException($"{method} {operation}: the simulator answered {failed}");
            var done = CountDone(simulator, operation, n);
            if (done != n) throw new BenchmarkException($"{method} {operation}: {done} of {n} keys were changed");
            return (result, log.Count, log.Count(r => r.StatusCode == 429));
        }

        if (warmUp) RunOnce();
        var measured = Enumerable.Range(0, runs).Select(_ => RunOnce()).ToList();
        child.Finish();
        var result = new BulkCaseResult(operation, n, latency, perMinute, method, runs,
            measured.Select(m => m.Result.WallMs).ToArray(), measured.Select(m => m.Requests).ToArray(),
            measured.Select(m => m.TooMany).ToArray(), ready.Note);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Wall,9:0.0} ms (runs {string.Join(" ", result.WallMs.Select(w => w.ToString("0", CultureInfo.InvariantCulture)))}), {string.Join("/", result.Requests.Distinct())} requests, {string.Join("/", result.TooManyRequests.Distinct())} x 429"));
        return result;
    }
}
