using PartooKeys.Benchmarks;

// dotnet run -c Release --project tests/PartooKeys.Benchmarks [-- --quick]
// The same executable is re-invoked as a child process ("--child ...") to measure one case in a process of its own.
try
{
    if (args.Length > 0 && args[0] == "--child") return await ChildMain.RunAsync(args[1..]);
    var quick = args.Contains("--quick");
    var unknown = args.Where(a => a != "--quick").ToArray();
    if (unknown.Length > 0)
    {
        Console.Error.WriteLine($"Unknown argument(s): {string.Join(' ', unknown)}. Usage: dotnet run -c Release --project tests/PartooKeys.Benchmarks [-- --quick]");
        return 2;
    }
    return await Orchestrator.RunAsync(quick);
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
