using System.Diagnostics;
using System.Globalization;

namespace PartooKeys.Benchmarks;

/// <summary>The child side: one listing case (A, B or PartooKeys) or one Import-Module sample, in a process of its own.</summary>
public static class ChildMain
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = ParseOptions(args[1..]);
        if (options.TryGetValue("testModules", out var testModules))
            Environment.SetEnvironmentVariable("PSModulePath", testModules + Path.PathSeparator + Environment.GetEnvironmentVariable("PSModulePath"));
        switch (args[0])
        {
            case "probe":
                Protocol.Send(new Probe(ImportProbe.Run(options["manifest"])));
                return Task.FromResult(0);
            case "list":
                List(options);
                return Task.FromResult(0);
            case "bulk":
                BulkChild.Run(options);
                return Task.FromResult(0);
            case "shared":
                SharedBudgetChild.Run(options);
                return Task.FromResult(0);
            case "import":
                Protocol.Send(ImportTiming.Measure(options["manifest"], int.Parse(options["warm"], CultureInfo.InvariantCulture)));
                return Task.FromResult(0);
            default:
                throw new BenchmarkException("unknown child mode " + args[0]);
        }
    }

    private static void List(Dictionary<string, string> options)
    {
        var uri = new Uri(options["uri"]);
        var key = options["key"];
        IListingMethod method = options["method"] switch
        {
            "A" => new HandWrittenLoop(uri, key, 30),
            "B" => new HandWrittenLoop(uri, key, 100),
            "PartooKeys" => new PartooKeysListing(uri, key, options["manifest"]),
            BulkReport.WideListing => new PartooKeysListing(uri, key, options["manifest"], BulkReport.WideConcurrency),
            var other => throw new BenchmarkException("unknown method " + other),
        };
        using var disposable = method as IDisposable;
        Protocol.Send(new Ready(PeakTracker.CurrentWorkingSet(), method.HasMaxConcurrency, method.Note));

        var tracker = new PeakTracker();
        for (var line = Console.In.ReadLine(); line is not null && line != "END"; line = Console.In.ReadLine())
        {
            if (line == "PREP")
            {
                method.PrepareAsync().GetAwaiter().GetResult();
                Protocol.Send("prepared");
                continue;
            }
            if (line != "RUN") throw new BenchmarkException("unexpected command " + line);

            tracker.Start();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var (count, firstObject) = method.RunAsync(clock).GetAwaiter().GetResult();
            var wall = clock.Elapsed;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var peak = tracker.Stop();
            Protocol.Send(new RunResult(wall.TotalMilliseconds, firstObject.TotalMilliseconds, count, allocated, peak, tracker.Baseline, PeakTracker.Method));
        }
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        return options;
    }
}

/// <summary>One way of listing every key.</summary>
public interface IListingMethod
{
    bool HasMaxConcurrency { get; }
    string Note { get; }

    /// <summary>Untimed: what a fresh session does before listing (a new HttpClient, or Connect-Partoo).</summary>
    Task PrepareAsync();

    /// <summary>Lists every key once; returns the number of keys and when the first one was available.</summary>
    Task<(long Count, TimeSpan FirstObject)> RunAsync(Stopwatch clock);
}
