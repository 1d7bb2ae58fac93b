using PartooKeys.Benchmarks;

// dotnet run -c Release --project tests/PartooKeys.Benchmarks [-- --quick | --pwsh-import [samples] | --shared-budget [perMinute ...]
//     | --listing N L method ...]   (--listing 10000 50 B PartooKeys-c8: listing cases alone, printed, docs untouched)
// The same executable is re-invoked as a child process ("--child ...") to measure one case in a process of its own.
try
{
    // Synchronous on the main thread, parent and child alike: the harness never blocks a thread-pool thread, which the
    // simulator's Kestrel (parent) and the HTTP continuations (child) need; on 2 cores that skews the numbers.
    if (args.Length > 0 && args[0] == "--child") return ChildMain.RunAsync(args[1..]).GetAwaiter().GetResult();
    if (args is ["--shared-budget", ..]) return SharedBudgetBenchmark.RunAlone(args[1..]);
    if (args is ["--pwsh-import", ..]) return Orchestrator.RunPwshImportOnly(args.Length > 1 && int.TryParse(args[1], out var n) && n > 0 ? n : 5);
    if (args is ["--listing", ..]) return Orchestrator.RunListingOnly(args[1..]);
    var quick = args.Contains("--quick");
    var unknown = args.Where(a => a != "--quick").ToArray();
    if (unknown.Length > 0)
    {
        Console.Error.WriteLine($"Unknown argument(s): {string.Join(' ', unknown)}. Usage: dotnet run -c Release --project tests/PartooKeys.Benchmarks [-- --quick]");
        return 2;
    }
    return Orchestrator.RunAsync(quick).GetAwaiter().GetResult();
}
catch (BenchmarkException ex)
{
    Console.Error.WriteLine("Benchmark failed: " + ex.Message);
    return 1;
}

namespace PartooKeys.Benchmarks
{
    /// <summary>A failure the benchmark explains in one message (no stack trace).</summary>
    public sealed class BenchmarkException(string message) : Exception(message);
}
