using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace PartooKeys.Benchmarks;

/// <summary>
/// Import-Module time of one manifest, measured in a child process: the first import in the process (cold: assemblies
/// loaded and compiled for the first time, as when a user opens a new shell) and then in further fresh runspaces of
/// the same process (warm). Opening the runspace is not timed, only Import-Module.
/// </summary>
public static class ImportTiming
{
    public static ImportSample Measure(string manifest, int warmRuns)
    {
        var cold = ImportOnce(manifest);
        var warm = new double[warmRuns];
        for (var i = 0; i < warmRuns; i++) warm[i] = ImportOnce(manifest);
        return new ImportSample(cold, warm);
    }

    private static double ImportOnce(string manifest)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", ActionPreference.Stop);
        var clock = Stopwatch.StartNew();
        try
        {
            shell.Invoke();
        }
        catch (RuntimeException ex)
        {
            throw new BenchmarkException($"Import-Module {manifest} failed: {ex.Message}");
        }
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (shell.Streams.Error.Count > 0) throw new BenchmarkException($"Import-Module {manifest} failed: {shell.Streams.Error[0]}");
        return elapsed;
    }
}
