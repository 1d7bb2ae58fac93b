using System.Diagnostics;
using System.Globalization;

namespace PartooKeys.Benchmarks;

public sealed record PwshImportResult(string Module, double[] WallMs);

/// <summary>
/// Import-Module as a user meets it: a whole pinned-pwsh process (<c>dotnet pwsh -NoProfile -NonInteractive -Command
/// "Import-Module ..."</c>), started cold for every sample, timed from start to exit. The difference to the same process
/// importing tests/EmptyBinaryModule is the module's cost. Needs <c>dotnet tool restore</c>.
/// </summary>
public static class PwshImportTiming
{
    public const string NoImport = "pwsh alone (no import)";

    /// <summary>Null when pwsh could not run (the reason in <paramref name="problem"/>).</summary>
    public static List<PwshImportResult>? Measure(string repo, IReadOnlyList<(string Name, string? Manifest)> modules, string testModules, int samples, out string? problem)
    {
        problem = null;
        var all = new List<(string Name, string? Manifest)> { (NoImport, null) };
        all.AddRange(modules);
        var times = all.ToDictionary(m => m.Name, _ => new List<double>());
        try
        {
            foreach (var module in all) RunOnce(repo, module.Manifest, testModules); // first start: disk cache, tool resolution
            Console.Write($"Import-Module in the pinned pwsh, {samples} whole processes per module: ");
            for (var i = 0; i < samples; i++)
            {
                foreach (var module in all) times[module.Name].Add(RunOnce(repo, module.Manifest, testModules)); // interleaved
                Console.Write('.');
            }
        }
        catch (BenchmarkException ex)
        {
            problem = ex.Message;
            Console.WriteLine(" not measured: " + problem);
            return null;
        }
        var results = all.Select(m => new PwshImportResult(m.Name, times[m.Name].ToArray())).ToList();
        Console.WriteLine(" " + string.Join("; ", results.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Module}: {Stats.Median(r.WallMs):0} ms"))));
        return results;
    }

    private static double RunOnce(string repo, string? manifest, string testModules)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = repo, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", manifest is null ? "exit 0" : $"Import-Module '{manifest}' -ErrorAction Stop" })
            info.ArgumentList.Add(arg);
        // PartooKeys' RequiredModules resolve to the SecretManagement test double, as in the hosted measurement.
        info.Environment["PSModulePath"] = testModules + Path.PathSeparator + Environment.GetEnvironmentVariable("PSModulePath");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new BenchmarkException("dotnet pwsh did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
            throw new BenchmarkException($"dotnet pwsh ({manifest ?? "no import"}) exited with {process.ExitCode} (run 'dotnet tool restore' first): {stderr.Result.Trim()}");
        return elapsed;
    }
}

public static class PwshImportReport
{
    /// <summary>The docs/benchmarks.md section for <see cref="PwshImportTiming"/>.</summary>
    public static string Markdown(List<PwshImportResult>? results, string? problem)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("### Import-Module in the pinned pwsh (whole process, cold)");
        text.AppendLine();
        if (results is null)
        {
            text.AppendLine("Not measured: " + problem);
            return text.ToString();
        }
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        var empty = Stats.Median(results.Single(r => r.Module == "empty binary module").WallMs);
        text.AppendLine(F($"`dotnet pwsh -NoProfile -NonInteractive -Command \"Import-Module <manifest>\"` (PowerShell 7.6.9 from .config/dotnet-tools.json), a new process for every sample, timed from start to exit; median of {results[0].WallMs.Length} per row, interleaved, after one untimed start each. PartooKeys' RequiredModules resolve to the SecretManagement test double."));
        text.AppendLine();
        text.AppendLine("| process | wall (median) | min..max | minus the empty module |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var r in results)
        {
            var median = Stats.Median(r.WallMs);
            text.AppendLine(F($"| {r.Module} | {median:0} ms | {r.WallMs.Min():0}..{r.WallMs.Max():0} ms | {(r.Module == PwshImportTiming.NoImport ? "" : (median - empty).ToString("+0;-0", CultureInfo.InvariantCulture) + " ms")} |"));
        }
        return text.ToString();
    }
}
