using System.Globalization;
using System.Text;

namespace PartooKeys.Benchmarks;

public sealed record ReportInput(bool Quick, List<CaseResult> Cases, List<ImportResult> Imports, MachineInfo Machine, TimeSpan Duration,
    List<PwshImportResult>? PwshImports = null, string? PwshProblem = null);

/// <summary>The markdown report: machine, results, ratios, targets with met/missed, and why a missed target is missed.</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Pages(int keys, int perPage) => (keys + perPage - 1) / perPage;

    /// <summary>The physical limit: L x (1 + ceil((pages - 1) / MaxConcurrency)), pages at per_page 100.</summary>
    public static double LimitMs(int keys, int latencyMs)
    {
        var pages = Pages(keys, 100);
        return latencyMs * (1 + Math.Ceiling((pages - 1) / (double)Orchestrator.DefaultMaxConcurrency));
    }

    public static string Write(ReportInput input)
    {
        var m = input.Machine;
        var cases = input.Cases;
        var concurrent = cases.FirstOrDefault(c => c.Method == "PartooKeys")?.HasMaxConcurrency == true;
        var text = new StringBuilder();
        text.AppendLine("# Benchmark: listing keys with Get-PartooApiKey");
        text.AppendLine();
        text.AppendLine(F($"Measured {m.Date:yyyy-MM-dd HH:mm} UTC at commit `{m.Commit}` with `dotnet run -c Release --project tests/PartooKeys.Benchmarks{(input.Quick ? " -- --quick" : "")}` ({(input.Quick ? "quick run: N = 1,000 only, 3 runs" : "full run")}, {input.Duration.TotalSeconds:0} s). "));
        text.AppendLine(concurrent
            ? "At this commit `Connect-Partoo` has `-MaxConcurrency`: PartooKeys was measured with `-MaxConcurrency 4` (the default)."
            : "At this commit `Connect-Partoo` has no `-MaxConcurrency` parameter: `Get-PartooApiKey` fetches pages one after another. The concurrent paging of issue 5 had not landed; rerun the command once it has.");
        text.AppendLine();
        text.AppendLine("| Machine | |");
        text.AppendLine("|---|---|");
        text.AppendLine(F($"| CPU | {m.Cpu}, {m.Cores} logical cores |"));
        text.AppendLine(F($"| Memory | {m.Memory} available to .NET |"));
        text.AppendLine(F($"| OS | {m.Os} |"));
        text.AppendLine(F($"| .NET | {m.DotNet} |"));
        text.AppendLine(F($"| PowerShell | {m.Engine} |"));
        text.AppendLine();

        text.AppendLine("## What is measured");
        text.AppendLine();
        text.AppendLine("- The simulator (`tests/PartooKeys.Simulator`, Kestrel on 127.0.0.1) holds N generated keys and waits L before every answer. Its rate limit is switched off (`RateLimitPerMinute = 0`) so the benchmark measures the client, not the simulated 300 requests a minute. It runs in the benchmark's own process; every case is measured in a fresh child process (the same executable, re-invoked), so its memory and allocations are the client's alone.");
        text.AppendLine("- **A**: a careful hand-written sequential loop: one `HttpClient` per listing, `per_page=30` (what a script with the defaults does), responses streamed into `JsonDocument`, keys counted, pages 1..`max_page`. **B**: the same with `per_page=100`.");
        text.AppendLine("- **PartooKeys**: `Get-PartooApiKey` (defaults: `-PageSize 100`) in a hosted runspace with the module imported from `out/PartooKeys`, connected to the simulator with `Set-Secret` then `Connect-Partoo -BaseUri` (plus `-MaxConcurrency 4` when the parameter exists). Its output goes to a `PSDataCollection` that counts each object as it is added and empties itself, so objects are never collected into a list. `Connect-Partoo` runs again before every run (untimed), so each listing starts with the default client-side budget of 300 requests a minute, as a user's first listing does.");
        text.AppendLine(F($"- **limit**: the physical limit L x (1 + ceil((pages - 1) / {Orchestrator.DefaultMaxConcurrency})) with pages at `per_page=100`: the first page alone (it tells `max_page`), then the rest {Orchestrator.DefaultMaxConcurrency} at a time."));
        text.AppendLine("- **wall**: median of the runs after the warm-up (5 runs; 3 when a run takes over 5 s, i.e. baseline A at 10,000 keys and 50 ms; 9 when a warm run takes under a second, the L = 0 cases, which are CPU-bound and the noisiest on a shared 2-core machine; 3 in `--quick`). **Warm-up**: runs in the same process until 5 s have passed (at least one, at most ten; one in `--quick`): the runtime's tiered JIT with PGO recompiles hot code during the first seconds of work, and one warm-up run left PartooKeys' first measured runs up to 1.5x slower than the later ones. **first object**: from the start of the listing to the first key available to the consumer (median). **requests**: counted by the simulator for each run (its log cleared between runs). Every run is checked to list exactly N keys with only 200 answers.");
        text.AppendLine(F($"- **peak WS**: peak working set of the child process during a run: {Orchestrator.PeakMethod}. Before each run the child runs a full blocking GC, so **growth** (peak minus the working set just before the run) is what the listing itself added; the process peak also holds the runtime (and for PartooKeys the PowerShell engine). Medians over the runs."));
        text.AppendLine("- **allocated**: `GC.GetTotalAllocatedBytes(true)` difference over the run, all threads of the child (median).");
        text.AppendLine();

        text.AppendLine("## Wall time and ratios");
        text.AppendLine();
        text.AppendLine("| N | L | A (per_page 30) | B (per_page 100) | PartooKeys | limit | PartooKeys/B | PartooKeys/A | PartooKeys/limit |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (n, l) in cases.Select(c => (c.Keys, c.LatencyMs)).Distinct())
        {
            var a = Get(cases, "A", n, l);
            var b = Get(cases, "B", n, l);
            var p = Get(cases, "PartooKeys", n, l);
            var limit = LimitMs(n, l);
            text.AppendLine(F($"| {n:N0} | {l} ms | {Ms(a?.Wall)} | {Ms(b?.Wall)} | {Ms(p?.Wall)} | {(l == 0 ? "0 (n/a)" : Ms(limit))} | {Ratio(p?.Wall, b?.Wall)} | {Ratio(p?.Wall, a?.Wall)} | {(l == 0 ? "n/a" : Ratio(p?.Wall, limit))} |"));
        }
        text.AppendLine();

        text.AppendLine("## Every case");
        text.AppendLine();
        text.AppendLine("| N | L | method | runs | wall (median) | wall (min..max) | first object | requests | peak WS | growth | allocated |");
        text.AppendLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in cases)
            text.AppendLine(F($"| {c.Keys:N0} | {c.LatencyMs} ms | {c.Method} | {c.Runs} | {Ms(c.Wall)} | {Ms(c.WallMs.Min())}..{Ms(c.WallMs.Max())} | {Ms(c.FirstObjectMs)} | {string.Join("/", c.Requests.Distinct())} | {Stats.Mb(c.PeakWorkingSet)} | {Stats.Mb(c.WorkingSetGrowth)} | {Stats.Mb(c.Allocated)} |"));
        text.AppendLine();

        var pkImport = input.Imports.Single(i => i.Module == "PartooKeys");
        var emptyImport = input.Imports.Single(i => i.Module == "empty binary module");
        var secretImport = input.Imports.Single(i => i.Module.StartsWith("SecretManagement", StringComparison.Ordinal));
        var coldDiff = Stats.Median(pkImport.ColdMs) - Stats.Median(emptyImport.ColdMs);
        var warmDiff = Stats.Median(pkImport.WarmMs) - Stats.Median(emptyImport.WarmMs);
        text.AppendLine("## Import-Module");
        text.AppendLine();
        text.AppendLine(F($"`Import-Module <manifest>` in a fresh runspace (opening the runspace is not timed). **Cold**: the first import in a fresh process (assemblies loaded and compiled for the first time, as in a new shell), median of {pkImport.ColdMs.Length} processes per module, interleaved. **Warm**: further fresh runspaces in those processes (median of {pkImport.WarmMs.Length}). The empty module is `tests/EmptyBinaryModule`: netstandard2.0, one trivial cmdlet, a minimal manifest. PartooKeys' import includes its `RequiredModules` (`Microsoft.PowerShell.SecretManagement`; here the script-module test double from `tests/PartooKeys.Tests/TestModules`, not the real module), its format file and its module initializer (the dependency load context)."));
        text.AppendLine();
        text.AppendLine("| module | cold (median) | cold (min..max) | warm (median) |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var i in input.Imports)
            text.AppendLine(F($"| {i.Module} | {Ms(Stats.Median(i.ColdMs))} | {Ms(i.ColdMs.Min())}..{Ms(i.ColdMs.Max())} | {Ms(Stats.Median(i.WarmMs))} |"));
        text.AppendLine(F($"| PartooKeys minus empty | {Ms(coldDiff)} | | {Ms(warmDiff)} |"));
        text.AppendLine();
        text.AppendLine(PwshImportReport.Markdown(input.PwshImports, input.PwshProblem));

        var ownImport = input.Imports.Single(i => i.Module == Orchestrator.WithoutRequiredModules);
        var targets = Targets(cases, coldDiff, Stats.Median(secretImport.ColdMs) - Stats.Median(emptyImport.ColdMs),
            Stats.Median(ownImport.ColdMs) - Stats.Median(emptyImport.ColdMs), out var missed);
        text.AppendLine("## Targets (issue 5)");
        text.AppendLine();
        text.AppendLine("| target | measured | |");
        text.AppendLine("|---|---|---|");
        foreach (var t in targets) text.AppendLine($"| {t.Target} | {t.Measured} | {t.Verdict} |");
        text.AppendLine();
        if (missed.Count > 0)
        {
            text.AppendLine("## Why the missed targets are missed, and what bounds them");
            text.AppendLine();
            foreach (var paragraph in missed)
            {
                text.AppendLine(paragraph);
                text.AppendLine();
            }
        }
        return text.ToString();
    }

    private sealed record TargetRow(string Target, string Measured, string Verdict);

    private static List<TargetRow> Targets(List<CaseResult> cases, double importDiff, double secretDiff, double ownDiff, out List<string> why)
    {
        var rows = new List<TargetRow>();
        why = new List<string>();
        const string NotMeasured = "not measured (quick run)";
        var p = Get(cases, "PartooKeys", 10000, 50);
        var b = Get(cases, "B", 10000, 50);
        var a = Get(cases, "A", 10000, 50);
        var concurrent = p?.HasMaxConcurrency == true;
        var limit = LimitMs(10000, 50);

        if (p is null || a is null || b is null)
        {
            foreach (var target in new[] { "N=10,000, L=50 ms: at least 3.5x faster than B", "N=10,000, L=50 ms: at least 10x faster than A", "N=10,000, L=50 ms: within 1.25x of the limit", "N=10,000, L=50 ms: exactly 100 requests", "N=10,000, L=50 ms: first object within L + 50 ms" })
                rows.Add(new(target, NotMeasured, "-"));
        }
        else
        {
            var speedB = b.Wall / p.Wall;
            var speedA = a.Wall / p.Wall;
            var ofLimit = p.Wall / limit;
            var requests = p.Requests.Distinct().ToArray();
            rows.Add(new("N=10,000, L=50 ms: at least 3.5x faster than B", F($"{speedB:0.00}x ({Ms(b.Wall)} / {Ms(p.Wall)})"), Verdict(speedB >= 3.5)));
            rows.Add(new("N=10,000, L=50 ms: at least 10x faster than A", F($"{speedA:0.00}x ({Ms(a.Wall)} / {Ms(p.Wall)})"), Verdict(speedA >= 10)));
            rows.Add(new("N=10,000, L=50 ms: within 1.25x of the limit", F($"{ofLimit:0.00}x ({Ms(p.Wall)} / {Ms(limit)})"), Verdict(ofLimit <= 1.25)));
            rows.Add(new("N=10,000, L=50 ms: exactly 100 requests", string.Join("/", requests) + " per run", Verdict(requests is [100])));
            rows.Add(new("N=10,000, L=50 ms: first object within L + 50 ms", F($"{Ms(p.FirstObjectMs)} (B: {Ms(b.FirstObjectMs)})"), Verdict(p.FirstObjectMs <= 100)));

            var b0 = Get(cases, "B", 10000, 0);
            var perPageMs = b0 is null ? double.NaN : b0.Wall / 100;
            if (speedB < 3.5 || speedA < 10 || ofLimit > 1.25)
            {
                if (!concurrent)
                    why.Add(F($"**Speed at N = 10,000, L = 50 ms.** At this commit `Get-PartooApiKey` requests its pages one after another, exactly like baseline B, so it is bounded below by B's own bound: 100 pages x (L + the time to serve and read one page) = 100 x ({50} + {perPageMs:0.0}) ms = {Ms(100 * (50 + perPageMs))} (the per-page time from B at L = 0: {Ms(b0?.Wall)} / 100 pages). That is {100 * (50 + perPageMs) / limit:0.0}x the limit of {Ms(limit)}, which assumes 4 pages in flight; and against A it can only gain what `per_page=100` gains over `per_page=30` (334 requests instead of 100, about 3.3x). Measured: {speedB:0.00}x B, {speedA:0.00}x A, {ofLimit:0.00}x the limit. These three targets need the concurrent paging of this issue (`-MaxConcurrency`, default 4), which was not in the code measured here."));
                else
                    why.Add(F($"**Speed at N = 10,000, L = 50 ms.** Measured with `-MaxConcurrency 4`: {Ms(p.Wall)} against the limit's {Ms(limit)} ({ofLimit:0.00}x), {speedB:0.00}x B and {speedA:0.00}x A. The limit counts only L; each request also costs the time to serve and read a page of 100 keys ({perPageMs:0.0} ms per page for B at L = 0, i.e. {Ms(26 * perPageMs)} over the 26 rounds of the limit if that time does not overlap), and here the simulator (in the parent process) and the client share {Environment.ProcessorCount} cores, so 4 pages in flight do not overlap their CPU time fully. PartooKeys is bounded below by max(limit, total CPU time of serving and reading 100 pages / cores)."));
            }
            if (requests is not [100])
                why.Add(F($"**Requests.** {string.Join("/", requests)} requests per run where 100 pages hold the 10,000 keys: {(requests.Any(r => r > 100) ? "more than one request for some page (a retry, or the first page asked twice)" : "fewer requests than pages")}."));
            if (p.FirstObjectMs > 100)
                why.Add(F($"**First object.** {Ms(p.FirstObjectMs)} against L + 50 ms = 100 ms (B: {Ms(b.FirstObjectMs)}). The first key can only be written once the first page has arrived and been read: L plus the time to serve and read one page of 100 keys, plus the engine's start of the pipeline."));
        }

        foreach (var n in cases.Select(c => c.Keys).Distinct())
        {
            var p0 = Get(cases, "PartooKeys", n, 0);
            var b0 = Get(cases, "B", n, 0);
            if (p0 is null || b0 is null) continue;
            var ratio = p0.Wall / b0.Wall;
            rows.Add(new(F($"L=0, N={n:N0}: at most 2x the wall time of B"), F($"{ratio:0.00}x ({Ms(p0.Wall)} / {Ms(b0.Wall)})"), Verdict(ratio <= 2)));
            if (ratio > 2)
                why.Add(F($"**Cost per key at L = 0, N = {n:N0}.** PartooKeys {Ms(p0.Wall)} against B's {Ms(b0.Wall)}: {(p0.Wall - b0.Wall) * 1000 / n:0.0} µs more per key, {p0.Allocated / (double)n / 1024:0.0} KB allocated per key against B's {b0.Allocated / (double)n / 1024:0.0} KB. B only walks a `JsonDocument`; PartooKeys turns each key into a typed `ApiKey` (every field, Partoo's timestamps parsed) and writes it through the PowerShell pipeline as a PSObject. With no latency, only that per-key CPU cost separates them{(p0.WallMs.Min() <= 1.3 * b0.Wall ? F($"; but the runs spread from {Ms(p0.WallMs.Min())} to {Ms(p0.WallMs.Max())}, and the fastest is within {p0.WallMs.Min() / b0.Wall:0.00}x of B, so the median is dominated by runs that stall (B's runs do not). The stalls were not traced in this benchmark; candidates are the module's per-page Task.Run + BlockingCollection hand-off to the pipeline thread and thread-pool scheduling on {Environment.ProcessorCount} cores shared with the simulator") : "")}."));
        }

        foreach (var l in cases.Select(c => c.LatencyMs).Distinct())
        {
            var small = Get(cases, "PartooKeys", 1000, l);
            var large = Get(cases, "PartooKeys", 10000, l);
            if (small is null || large is null)
            {
                rows.Add(new(F($"L={l} ms: peak working set at N=10,000 at most 1.2x that at N=1,000"), NotMeasured, "-"));
                continue;
            }
            var ratio = large.PeakWorkingSet / (double)small.PeakWorkingSet;
            var growth = large.WorkingSetGrowth / (double)Math.Max(1, small.WorkingSetGrowth);
            rows.Add(new(F($"L={l} ms: peak working set at N=10,000 at most 1.2x that at N=1,000"), F($"{ratio:0.00}x ({Stats.Mb(large.PeakWorkingSet)} / {Stats.Mb(small.PeakWorkingSet)})"), Verdict(ratio <= 1.2)));
            // Growths of a few MB are GC noise: a ratio of two near-zero numbers says nothing.
            var noise = large.WorkingSetGrowth < 5 * 1048576L && small.WorkingSetGrowth < 5 * 1048576L;
            rows.Add(new(F($"L={l} ms, stricter reading: growth during the run at N=10,000 at most 1.2x that at N=1,000 (or both under 5 MB)"), F($"{Stats.Mb(large.WorkingSetGrowth)} and {Stats.Mb(small.WorkingSetGrowth)} ({growth:0.00}x)"), Verdict(growth <= 1.2 || noise)));
            if (ratio > 1.2 || (growth > 1.2 && !noise))
                why.Add(F($"**Memory at L = {l} ms.** Process peak {Stats.Mb(small.PeakWorkingSet)} at 1,000 keys, {Stats.Mb(large.PeakWorkingSet)} at 10,000; growth during the run {Stats.Mb(small.WorkingSetGrowth)} and {Stats.Mb(large.WorkingSetGrowth)}; allocated {Stats.Mb(small.Allocated)} and {Stats.Mb(large.Allocated)}. No key is kept after it is written (the sink empties itself), so what grows with N is garbage between collections: the GC lets the heap grow with the allocation rate before it collects, which a 10x longer listing reaches more often. Baseline B, which keeps nothing either, grows {Stats.Mb(Get(cases, "B", 1000, l)?.WorkingSetGrowth ?? 0)} and {Stats.Mb(Get(cases, "B", 10000, l)?.WorkingSetGrowth ?? 0)}."));
        }

        rows.Add(new("Import-Module at most 100 ms above the empty module's (cold)", F($"{Ms(importDiff)} above"), Verdict(importDiff <= 100)));
        rows.Add(new("Import-Module, PartooKeys' own part (its RequiredModules left out of a copy of the manifest): at most 100 ms above the empty module's (cold)", F($"{Ms(ownDiff)} above"), Verdict(ownDiff <= 100)));
        if (importDiff > 100)
            why.Add(F($"**Import-Module.** {Ms(importDiff)} above the empty module in a fresh process (cold); in a warm process the difference is small (table above), so the cost is first-time work. Of it, importing the `RequiredModules` SecretManagement (the test double here, a small script module) costs {Ms(secretDiff)} more than the empty module on its own, cold, and a copy of PartooKeys whose manifest requires nothing imports {Ms(ownDiff)} above the empty module, so the `RequiredModules` line (which issue 2 asks for) accounts for {Ms(importDiff - ownDiff)} of the gap. PartooKeys' own part is first-time work: loading PartooKeys.dll and analysing its cmdlets, running its module initializer (the dependency load context), loading the format file and the assemblies it needs, all compiled for the first time. The real SecretManagement module is larger than the double, so a user's import may cost more."));
        return rows;
    }

    private static CaseResult? Get(List<CaseResult> cases, string method, int n, int l) =>
        cases.FirstOrDefault(c => c.Method == method && c.Keys == n && c.LatencyMs == l);

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    private static string Ms(double? ms) => ms is not double v || double.IsNaN(v) ? "-" : v >= 1000 ? F($"{v / 1000:0.00} s") : F($"{v:0.0} ms");

    private static string Ratio(double? x, double? y) => x is double a && y is double b && b > 0 ? F($"{a / b:0.00}") : "-";

    private static string F(FormattableString s) => s.ToString(Inv);
}
