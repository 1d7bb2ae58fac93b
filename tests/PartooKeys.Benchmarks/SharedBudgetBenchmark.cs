using System.Diagnostics;
using System.Globalization;
using System.Text;
using PartooKeys.Simulator;

namespace PartooKeys.Benchmarks;

/// <summary>One measured run of the issue-13 case (see <see cref="SharedBudgetBenchmark"/>).</summary>
public sealed record SharedBudgetResult(
    int PerMinute, int Runspaces, int Keys, int LatencyMs, double WallMs, int Requests, int Status429, int OtherFailures,
    SharedListing[] Listings, double? NextWindowRequestMs, double? RequestBeforeNextWindowMs, string Note)
{
    public int ExpectedRequests => Runspaces * Report.Pages(Keys, 100);

    /// <summary>R requests, B a minute, the budget full at the start: (ceil(R / B) - 1) minutes, plus one latency.</summary>
    public double BoundMs => (Math.Ceiling(ExpectedRequests / (double)PerMinute) - 1) * 60_000 + LatencyMs;

    public bool Exact => Listings.Length == Runspaces && Listings.All(l => l.Count == Keys && l.Distinct == Keys && l.Errors.Length == 0);
}

/// <summary>
/// Issue 13: eight runspaces in one process each list every key through ONE connection (Connect-Partoo -PassThru, then
/// -Connection $c), against a simulator that enforces the same per-minute budget as Connect-Partoo -MaxRequestsPerMinute.
/// Zero 429s, every listing exact, total time within 1.2x of the rate bound.
/// </summary>
public static class SharedBudgetBenchmark
{
    public const string Heading = "## Eight runspaces, one connection, one budget (issue 13)";
    public const int Runspaces = 8;
    public const int Keys = 1000;
    public const int LatencyMs = 50;
    public static readonly int[] DefaultBudgets = [40];
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary><c>-- --shared-budget [perMinute ...]</c>: runs the case for each budget and rewrites its section of docs/benchmarks.md.</summary>
    public static int RunAlone(string[] budgets)
    {
        var perMinute = budgets.Length == 0 ? DefaultBudgets : budgets.Select(b => int.Parse(b, Inv)).ToArray();
        var (repo, manifest) = Locate();
        var started = Stopwatch.StartNew();
        var results = perMinute.Select(b => Measure(b, manifest)).ToList();
        var section = Section(results, MachineInfo.Collect(repo), started.Elapsed, "dotnet run -c Release --project tests/PartooKeys.Benchmarks -- --shared-budget " + string.Join(' ', perMinute));
        Console.WriteLine();
        Console.WriteLine(section);
        var path = Path.Combine(repo, "docs", "benchmarks.md");
        File.WriteAllText(path, WithSection(File.Exists(path) ? File.ReadAllText(path) : "", section));
        Console.WriteLine($"Section written to {path}.");
        return results.All(Met) ? 0 : 1;
    }

    /// <summary>The full run's section: measured again, or in --quick the section already in docs/benchmarks.md kept as it is.</summary>
    public static string ForFullReport(bool quick, string repo, string manifest)
    {
        if (quick) return ExistingSection(Path.Combine(repo, "docs", "benchmarks.md"))
            ?? Heading + "\n\nNot measured in --quick (it takes a minute or more); run `dotnet run -c Release --project tests/PartooKeys.Benchmarks -- --shared-budget`.\n";
        var started = Stopwatch.StartNew();
        var results = DefaultBudgets.Select(b => Measure(b, manifest)).ToList();
        return Section(results, MachineInfo.Collect(repo), started.Elapsed, "dotnet run -c Release --project tests/PartooKeys.Benchmarks");
    }

    /// <summary>The report with this case's section replaced, or appended when it has none.</summary>
    public static string WithSection(string report, string section)
    {
        var start = report.IndexOf(Heading, StringComparison.Ordinal);
        if (start < 0) return report.TrimEnd() + "\n\n" + section.TrimEnd() + "\n";
        var next = report.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        return report[..start] + section.TrimEnd() + "\n" + (next < 0 ? "" : report[next..]);
    }

    private static string? ExistingSection(string path)
    {
        if (!File.Exists(path)) return null;
        var report = File.ReadAllText(path);
        var start = report.IndexOf(Heading, StringComparison.Ordinal);
        if (start < 0) return null;
        var next = report.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        return (next < 0 ? report[start..] : report[start..(next + 1)]).TrimEnd() + "\n";
    }

    public static SharedBudgetResult Measure(int perMinute, string manifest)
    {
        var testModules = Orchestrator.TestModules;
        Console.Write($"{Runspaces} runspaces x {Keys:N0} keys, one connection, {perMinute}/min on both sides, L={LatencyMs} ms: ");
        var simulator = PartooSimulator.StartAsync(SeedData.Generated(Keys)).GetAwaiter().GetResult();
        try
        {
            simulator.Knobs.Latency = TimeSpan.FromMilliseconds(LatencyMs);
            simulator.Knobs.RateLimitPerMinute = perMinute;
            using var child = new ChildProcess(["shared", "--uri", simulator.BaseUri.ToString(), "--key", simulator.CallerKey, "--manifest", manifest,
                "--perMinute", perMinute.ToString(Inv), "--runspaces", Runspaces.ToString(Inv), "--testModules", testModules]);
            var ready = child.Receive<SharedReady>();

            // The server's window opens with the first request of the run, as a fresh organisation's would.
            simulator.ClearRequests();
            simulator.ResetRateLimit();
            var arrivals = new ArrivalSampler(simulator);
            var run = child.Ask<SharedRunResult>("RUN");
            arrivals.Stop();
            child.Finish();

            var log = simulator.Requests;
            var status429 = log.Count(r => r.StatusCode == 429);
            var failures = log.Count(r => r.StatusCode != 200 && r.StatusCode != 429);
            // Arrival of the first request over the first minute's budget, relative to the first request, and of the last one within it.
            double? next = arrivals.TimeOf(perMinute + 1), before = arrivals.TimeOf(perMinute);
            var result = new SharedBudgetResult(perMinute, Runspaces, Keys, LatencyMs, run.WallMs, log.Count, status429, failures, run.Listings,
                next - arrivals.TimeOf(1), before - arrivals.TimeOf(1), ready.Note);
            Console.WriteLine(F($"{result.WallMs / 1000:0.00} s (bound {result.BoundMs / 1000:0.00} s, {result.WallMs / result.BoundMs:0.00}x), {result.Requests} requests, {status429} answered 429, listings {string.Join("/", run.Listings.Select(l => l.Distinct))}"));
            return result;
        }
        finally
        {
            simulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public static bool Met(SharedBudgetResult r) => r.Status429 == 0 && r.OtherFailures == 0 && r.Exact && r.WallMs <= 1.2 * r.BoundMs;

    public static string Section(List<SharedBudgetResult> results, MachineInfo machine, TimeSpan duration, string command)
    {
        var text = new StringBuilder();
        text.AppendLine(Heading);
        text.AppendLine();
        text.AppendLine(F($"Measured {machine.Date:yyyy-MM-dd HH:mm} UTC at commit `{machine.Commit}` with `{command}` ({duration.TotalSeconds:0} s), same machine as above."));
        text.AppendLine();
        text.AppendLine(F($"- One child process hosts the engine (System.Management.Automation 7.6.9, as above). A first runspace imports `out/PartooKeys` and runs `Set-Secret`, then `$c = Connect-Partoo -BaseUri <simulator> -MaxRequestsPerMinute B -PassThru`. {Runspaces} further runspaces, each opened with the module imported, then run `Get-PartooApiKey -Connection $c` at the same time (one `PowerShell` instance each, `BeginInvoke`). Setup is not timed; **wall** runs from the first `BeginInvoke` to the end of the last listing."));
        text.AppendLine(F($"- The simulator holds {Keys:N0} keys and waits L = {LatencyMs} ms before each answer. Its rate limit is on, set to the same B as `-MaxRequestsPerMinute`; its request log is cleared and its window reset just before the run. Each listing is {Report.Pages(Keys, 100)} pages of 100 (the first page, then the rest at `-MaxConcurrency 4`), so the run needs R = {Runspaces * Report.Pages(Keys, 100)} requests."));
        text.AppendLine("- **429s**: requests the simulator answered 429 (from its log). **exact**: each runspace got exactly 1,000 objects with 1,000 distinct `Id`s and no error.");
        text.AppendLine("- **rate bound**: R requests at B a minute with the budget full at the start need (ceil(R / B) - 1) minutes before the last batch can go, plus one latency L. The target (issue 13): wall within 1.2x of it.");
        text.AppendLine("- **server window**: the simulator's window (`tests/PartooKeys.Simulator/RateWindow.cs`) is a fixed 60 s window that opens with the first counted request and reopens with the first request after it has run out; every request in it counts, those answered 429 too, and a request is counted after the latency L. PartooKeys' budget is a `SlidingWindowRateLimiter` (a window of 65 s in 13 segments of 5 s: one minute plus one segment) created by `Connect-Partoo`, so its segment clock starts at the connect, not at the first request: a permit returns when its 5 s segment leaves the window, between 60 and 65 s after it was taken, so no minute sees more than B however the server aligns it. The simulator's window starting at the first request is the strictest alignment for the client; the run counts how the two interact: **next window** is when the first request over B (request B + 1) reached the simulator, counted from the first request's arrival (sampled from its log every 10 ms; each is rate-checked L later, the same for all), so for zero 429s it must be 60 s or later; **last in window** is request B's.");
        text.AppendLine();
        text.AppendLine("| B (per minute) | runspaces | requests | 429s | other failures | listings (distinct ids) | exact | last in window | next window | wall | rate bound | wall / bound | target: zero 429s, exact, within 1.2x |");
        text.AppendLine("|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
            text.AppendLine(F($"| {r.PerMinute} | {r.Runspaces} | {r.Requests} (R = {r.ExpectedRequests}) | {r.Status429} | {r.OtherFailures} | {string.Join(", ", r.Listings.Select(l => l.Distinct.ToString("N0", Inv)))} | {(r.Exact ? "yes" : "**no**")} | {Sec(r.RequestBeforeNextWindowMs)} | {Sec(r.NextWindowRequestMs)} | {r.WallMs / 1000:0.00} s | {r.BoundMs / 1000:0.00} s | {r.WallMs / r.BoundMs:0.00}x | {(Met(r) ? "met" : "**missed**")} |"));
        text.AppendLine();
        foreach (var r in results)
        {
            var warned = r.Listings.Count(l => l.Warnings > 0);
            text.AppendLine(F($"B = {r.PerMinute}: each listing ended at {string.Join(", ", r.Listings.Select(l => (l.EndMs / 1000).ToString("0.0", Inv)))} s; {warned} of {r.Runspaces} commands wrote the long-wait warning{(r.Listings.FirstOrDefault(l => l.FirstWarning is not null)?.FirstWarning is { } w ? $" (\"{w}\")" : "")}. {r.Note}"));
            if (r.Status429 > 0 && r.NextWindowRequestMs is { } next)
                text.AppendLine(F($"Why {r.Status429} answers were 429: request {r.PerMinute + 1} reached the simulator {next / 1000:0.00} s after the first, {(next < 60_000 ? "before" : "after")} the simulator's 60 s window (opened by the first request) ran out. The client's limiter returns a permit when its 5 s segment leaves the 60 s window, i.e. 55 to 60 s after the permit was taken, depending on where in the segment (whose clock started at `Connect-Partoo`) the first requests fell; so the second batch can go up to 5 s before a window that opened with the first request has run out, and a server that counts per minute from the first request answers 429. Those requests were retried after `Retry-After`; {(r.WallMs > 1.2 * r.BoundMs ? $"their first attempts had spent the client's permits too, so the retries waited for the next minute: the run took {r.WallMs / 1000:0} s where the rate bound is {r.BoundMs / 1000:0} s" : "the client still had permits for the retries, so the time stayed near the bound")}. A client window of 60 s plus one segment (permits back 60 to 65 s after they were taken) would keep any per-minute server window, fixed or sliding, from seeing more than B."));
            foreach (var l in r.Listings.Where(l => l.Errors.Length > 0))
                text.AppendLine(F($"- runspace {l.Runspace}: {l.Errors.Length} error(s), first: {l.Errors[0]}"));
            text.AppendLine();
        }
        return text.ToString();
    }

    private static (string Repo, string Manifest) Locate()
    {
        var repo = Orchestrator.FindRepoRoot();
        return (repo, Orchestrator.BuiltManifest(repo));
    }

    private static string Sec(double? ms) => ms is { } v ? (v / 1000).ToString("0.00", Inv) + " s" : "n/a";

    private static string F(FormattableString s) => s.ToString(Inv);

    /// <summary>Polls the simulator's log while the run lasts: when the n-th request was recorded (10 ms resolution).</summary>
    private sealed class ArrivalSampler
    {
        private readonly List<double> _times = [];
        private readonly Thread _thread;
        private volatile bool _stop;

        public ArrivalSampler(PartooSimulator simulator)
        {
            var clock = Stopwatch.StartNew();
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    var count = simulator.Requests.Count;
                    var now = clock.Elapsed.TotalMilliseconds;
                    lock (_times) while (_times.Count < count) _times.Add(now);
                    Thread.Sleep(10);
                }
            }) { IsBackground = true, Name = "arrival sampler" };
            _thread.Start();
        }

        public void Stop()
        {
            _stop = true;
            _thread.Join();
        }

        /// <summary>When request n (1-based) was first seen in the log, or null.</summary>
        public double? TimeOf(int n)
        {
            lock (_times) return n >= 1 && n <= _times.Count ? _times[n - 1] : null;
        }
    }
}
