using System.Diagnostics;
using System.Globalization;
using PartooKeys.Simulator;

namespace PartooKeys.Benchmarks;

/// <summary>One listing case, measured in a child process of its own.</summary>
public sealed record CaseResult(
    string Method, int Keys, int LatencyMs, int Runs, double[] WallMs, double FirstObjectMs, int[] Requests,
    long PeakWorkingSet, long WorkingSetGrowth, long Allocated, bool HasMaxConcurrency, string Note, double[] WarmUpMs)
{
    public double Wall => Stats.Median(WallMs);
}

public sealed record ImportResult(string Module, double[] ColdMs, double[] WarmMs);

/// <summary>The parent: hosts the simulator, runs every case in a fresh child process, writes docs/benchmarks.md.</summary>
public static class Orchestrator
{
    public const int DefaultMaxConcurrency = 4;

    /// <summary>How long each case warms up before its measured runs (see MeasureCase).</summary>
    public static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(5);
    public static readonly string[] Methods = ["A", "B", "PartooKeys"];

    /// <summary>How the children measured the peak working set (they say so with every run).</summary>
    public static string PeakMethod { get; private set; } = "?";

    public static Task<int> RunAsync(bool quick)
    {
        var started = Stopwatch.StartNew();
        var repo = FindRepoRoot();
        var manifest = BuiltManifest(repo);
        var testModules = TestModules;
        var emptyManifest = Path.Combine(AppContext.BaseDirectory, "EmptyBinaryModule", "EmptyBinaryModule.psd1");
        if (!File.Exists(emptyManifest)) throw new BenchmarkException(emptyManifest + " is missing: rebuild the benchmark project.");

        int[] keyCounts = quick ? [1000] : [1000, 10000];
        int[] latencies = [0, 50];
        var runs = quick ? 3 : 5;
        Console.WriteLine($"PartooKeys benchmark ({(quick ? "quick" : "full")}): N = {string.Join(", ", keyCounts)}, L = {string.Join(", ", latencies)} ms, median of {runs} runs (9 for runs under a second, 3 over 5 s) after {WarmUpTime.TotalSeconds:0} s of warm-up runs; module {manifest}");

        // A clean Import-Module must work in a fresh process, as in a user's shell; otherwise there is nothing to measure.
        string? importProblem;
        using (var probe = new ChildProcess(["probe", "--manifest", manifest, "--testModules", testModules]))
        {
            importProblem = probe.Receive<Probe>().Failure;
            probe.Finish();
        }
        if (importProblem is not null) throw new BenchmarkException("Import-Module of out/PartooKeys fails in a fresh process: " + importProblem);
        string[] common = ["--testModules", testModules];

        var imports = MeasureImports(manifest, emptyManifest, common, quick ? 3 : 5);
        // 15 whole processes per module: one sample spreads over about 400 ms on this machine, four times the target's 100 ms.
        var pwshImports = MeasurePwshImports(repo, manifest, emptyManifest, testModules, quick ? 3 : 15, out var pwshProblem);

        var results = new List<CaseResult>();
        foreach (var n in keyCounts)
        {
            var simulator = PartooSimulator.StartAsync(SeedData.Generated(n)).GetAwaiter().GetResult();
            simulator.Knobs.RateLimitPerMinute = 0; // the benchmark measures PartooKeys, not the simulated 300/min limit
            foreach (var latency in latencies)
            {
                simulator.Knobs.Latency = TimeSpan.FromMilliseconds(latency);
                foreach (var method in Methods)
                    results.Add(MeasureCase(simulator, n, latency, method, runs, quick, manifest, common));
                if (n == keyCounts[^1] && latency == 50) // issue 12: the listing at -MaxConcurrency 8
                    results.Add(MeasureCase(simulator, n, latency, BulkReport.WideListing, runs, quick, manifest, common));
            }
            simulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        var shared = SharedBudgetBenchmark.ForFullReport(quick, repo, manifest);
        var bulk = BulkCases.Measure(quick, manifest, common);
        var report = Report.Write(new ReportInput(quick, results.Where(r => r.Method != BulkReport.WideListing).ToList(), imports, MachineInfo.Collect(repo), started.Elapsed, pwshImports, pwshProblem));
        report = SharedBudgetBenchmark.WithSection(report, shared) + Environment.NewLine + BulkReport.Write(bulk, results, pwshImports);
        Console.WriteLine();
        Console.WriteLine(report);
        var docs = Path.Combine(repo, "docs");
        Directory.CreateDirectory(docs);
        var path = Path.Combine(docs, "benchmarks.md");
        File.WriteAllText(path, report);
        Console.WriteLine($"Written to {path} in {started.Elapsed.TotalSeconds:0} s.");
        return Task.FromResult(0);
    }

    /// <param name="runsGiven">The caller fixed the number of runs (PARTOO_BENCH_RUNS): it is not adjusted to the run's length.</param>
    private static CaseResult MeasureCase(PartooSimulator simulator, int n, int latency, string method, int runs, bool quick, string manifest, string[] common, bool runsGiven = false)
    {
        Console.Write($"N={n,-6} L={latency,2} ms {method,-10}: ");
        using var child = new ChildProcess(["list", "--method", method, "--uri", simulator.BaseUri.ToString(), "--key", simulator.CallerKey,
            "--manifest", manifest, .. common]);
        var ready = child.Receive<Ready>();

        RunResult RunOnce(out int requests)
        {
            child.Ask<string>("PREP");
            simulator.ClearRequests();
            var result = child.Ask<RunResult>("RUN");
            var log = simulator.Requests;
            requests = log.Count;
            if (result.Count != n) throw new BenchmarkException($"{method} listed {result.Count} keys where the simulator holds {n}");
            if (log.FirstOrDefault(r => r.StatusCode != 200) is { } failed) throw new BenchmarkException($"{method}: the simulator answered {failed}");
            if (Environment.GetEnvironmentVariable("PARTOO_BENCH_TIMELINE") == "1" && log.Count > 0)
            {
                var t0 = log.Min(r => r.ReceivedTimestamp);
                double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
                Console.WriteLine();
                foreach (var r in log.OrderBy(r => r.ReceivedTimestamp))
                    Console.Write(string.Create(CultureInfo.InvariantCulture, $"[{r.QueryValues.GetValueOrDefault("page")}: {Ms(r.ReceivedTimestamp - t0):0.0}+{Ms(r.AnsweredTimestamp - r.ReceivedTimestamp):0.0}] "));
                Console.WriteLine();
            }
            return result;
        }

        // The runtime's tiered JIT (with PGO) keeps recompiling hot code for the first seconds of work: a case warms up for
        // at least WarmUpTime (one run at least, ten at most) so the runs measure a warm session, as one run after one
        // warm-up did not. The warm-up runs are reported too: the first is a fresh process's first listing.
        var warmUps = new List<double>();
        do warmUps.Add(RunOnce(out _).WallMs);
        while (!quick && warmUps.Sum() < WarmUpTime.TotalMilliseconds && warmUps.Count < 10);
        // A run over 5 s (baseline A with latency at 10,000 keys) is measured 3 times, to keep the full run within minutes;
        // a run under a second (the L = 0 cases, CPU-bound and the noisiest) 9 times.
        if (!quick && !runsGiven && warmUps[0] > 5000) runs = 3;
        else if (!quick && !runsGiven && warmUps[^1] < 1000) runs = 9;
        var measured = new List<RunResult>();
        var requestCounts = new List<int>();
        for (var i = 0; i < runs; i++)
        {
            measured.Add(RunOnce(out var requests));
            requestCounts.Add(requests);
        }
        child.Finish();

        PeakMethod = measured[^1].PeakMethod;
        var result = new CaseResult(method, n, latency, runs,
            measured.Select(r => r.WallMs).ToArray(),
            Stats.Median(measured.Select(r => r.FirstObjectMs)),
            requestCounts.ToArray(),
            (long)Stats.Median(measured.Select(r => (double)r.PeakWorkingSetBytes)),
            (long)Stats.Median(measured.Select(r => (double)(r.PeakWorkingSetBytes - r.BaselineWorkingSetBytes))),
            (long)Stats.Median(measured.Select(r => (double)r.AllocatedBytes)),
            ready.HasMaxConcurrency, ready.Note, warmUps.ToArray());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Wall,8:0.0} ms (runs {string.Join(" ", result.WallMs.Select(w => w.ToString("0", CultureInfo.InvariantCulture)))}; warm-up {string.Join(" ", warmUps.Select(w => w.ToString("0", CultureInfo.InvariantCulture)))}), first object {result.FirstObjectMs:0.0} ms, {string.Join("/", requestCounts.Distinct())} requests, peak WS {Stats.Mb(result.PeakWorkingSet)} (+{Stats.Mb(result.WorkingSetGrowth)}), allocated {Stats.Mb(result.Allocated)}"));
        return result;
    }

    private static List<ImportResult> MeasureImports(string manifest, string emptyManifest, string[] common, int samples)
    {
        const int warmPerProcess = 5;
        var secretManagement = Path.Combine(TestModules, "Microsoft.PowerShell.SecretManagement", "Microsoft.PowerShell.SecretManagement.psd1");
        var modules = new (string Name, string Manifest)[]
        {
            ("PartooKeys", manifest), ("empty binary module", emptyManifest), ("SecretManagement test double alone", secretManagement),
            (WithoutRequiredModules, CopyWithoutRequiredModules(manifest)),
        };
        var cold = modules.ToDictionary(m => m.Name, _ => new List<double>());
        var warm = modules.ToDictionary(m => m.Name, _ => new List<double>());
        Console.Write($"Import-Module, {samples} fresh processes per module: ");
        for (var i = 0; i < samples; i++)
        {
            foreach (var (name, path) in modules) // interleaved, so drift on the machine hits both alike
            {
                using var child = new ChildProcess(["import", "--manifest", path, "--warm", warmPerProcess.ToString(CultureInfo.InvariantCulture), .. common]);
                var sample = child.Receive<ImportSample>();
                child.Finish();
                cold[name].Add(sample.ColdMs);
                warm[name].AddRange(sample.WarmMs);
            }
            Console.Write('.');
        }
        var results = modules.Select(m => new ImportResult(m.Name, cold[m.Name].ToArray(), warm[m.Name].ToArray())).ToList();
        Console.WriteLine(" " + string.Join("; ", results.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Module}: cold {Stats.Median(r.ColdMs):0} ms, warm {Stats.Median(r.WarmMs):0.0} ms"))));
        return results;
    }

    public const string WithoutRequiredModules = "PartooKeys without RequiredModules";

    /// <summary><c>-- --listing N L method ...</c>: listing cases alone (methods A, B, PartooKeys, PartooKeys-c8), printed only.</summary>
    public static int RunListingOnly(string[] args)
    {
        if (args.Length < 3 || !int.TryParse(args[0], out var n) || n <= 0 || !int.TryParse(args[1], out var latency) || latency < 0)
            throw new BenchmarkException("Usage: --listing N L method ... (N keys > 0, L ms >= 0, methods among A, B, PartooKeys, " + BulkReport.WideListing + ")");
        string[] known = [.. Methods, BulkReport.WideListing];
        if (args[2..].FirstOrDefault(m => !known.Contains(m)) is { } unknownMethod)
            throw new BenchmarkException($"Unknown method {unknownMethod}: use {string.Join(", ", known)}.");
        var repo = FindRepoRoot();
        var manifest = BuiltManifest(repo);
        string[] common = ["--testModules", TestModules];
        var simulator = PartooSimulator.StartAsync(SeedData.Generated(n)).GetAwaiter().GetResult();
        try
        {
            simulator.Knobs.RateLimitPerMinute = 0;
            simulator.Knobs.Latency = TimeSpan.FromMilliseconds(latency);
            foreach (var method in args[2..])
            {
                var runsGiven = int.TryParse(Environment.GetEnvironmentVariable("PARTOO_BENCH_RUNS"), out var givenRuns) && givenRuns > 0;
                var result = MeasureCase(simulator, n, latency, method, runsGiven ? givenRuns : 5, quick: false, manifest, common, runsGiven);
                if (method == BulkReport.WideListing)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  limit L x (1 + ceil((pages - 1) / {BulkReport.WideConcurrency})) = {BulkReport.ListingLimitMs(n, latency, BulkReport.WideConcurrency):0} ms"));
            }
        }
        finally
        {
            simulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return 0;
    }

    /// <summary>Whole pinned-pwsh processes importing each module (see <see cref="PwshImportTiming"/>).</summary>
    public static List<PwshImportResult>? MeasurePwshImports(string repo, string manifest, string emptyManifest, string testModules, int samples, out string? problem) =>
        PwshImportTiming.Measure(repo, [("PartooKeys", manifest), ("empty binary module", emptyManifest), (WithoutRequiredModules, CopyWithoutRequiredModules(manifest))],
            testModules, samples, out problem);

    /// <summary><c>-- --pwsh-import</c>: only the pinned-pwsh Import-Module measurement, printed as the report's section.</summary>
    public static int RunPwshImportOnly(int samples)
    {
        var repo = FindRepoRoot();
        var manifest = BuiltManifest(repo);
        var emptyManifest = Path.Combine(AppContext.BaseDirectory, "EmptyBinaryModule", "EmptyBinaryModule.psd1");
        var results = MeasurePwshImports(repo, manifest, emptyManifest, TestModules, samples, out var problem);
        Console.WriteLine();
        Console.WriteLine(PwshImportReport.Markdown(results, problem));
        return results is null ? 1 : 0;
    }

    /// <summary>A copy of the module whose manifest requires nothing: PartooKeys' own import cost, apart from SecretManagement's.</summary>
    private static string CopyWithoutRequiredModules(string manifest)
    {
        var source = Path.GetDirectoryName(manifest)!;
        var copy = Path.Combine(Path.GetTempPath(), $"PartooKeys-benchmark-{Environment.ProcessId}", "PartooKeys");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        var copiedManifest = Path.Combine(copy, Path.GetFileName(manifest));
        var text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(copiedManifest), @"RequiredModules\s*=\s*@\([^)]*\)", "RequiredModules = @()");
        File.WriteAllText(copiedManifest, text);
        return copiedManifest;
    }

    /// <summary>The SecretManagement test double and friends, copied beside the benchmark.</summary>
    public static readonly string TestModules = Path.Combine(AppContext.BaseDirectory, "TestModules");

    /// <summary>The module as built into out/PartooKeys; a clear failure when it was not built.</summary>
    public static string BuiltManifest(string repo)
    {
        var manifest = Path.Combine(repo, "out", "PartooKeys", "PartooKeys.psd1");
        if (!File.Exists(manifest))
            throw new BenchmarkException($"{manifest} does not exist. Build the module first (dotnet build src/PartooKeys -c Release), or run the benchmark with 'dotnet run -c Release --project tests/PartooKeys.Benchmarks', which builds it.");
        return manifest;
    }

    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PartooKeys.sln"))) return dir.FullName;
        throw new BenchmarkException("PartooKeys.sln not found above " + AppContext.BaseDirectory);
    }
}

public static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
