namespace PartooKeys.Benchmarks;

/// <summary>Checks, before measuring, that out/PartooKeys imports in a fresh process with no help.</summary>
public static class ImportProbe
{
    /// <summary>Imports the module once in a fresh runspace of this (fresh) process: null when it works, else why not.</summary>
    public static string? Run(string manifest)
    {
        try
        {
            ImportTiming.Measure(manifest, 0);
            return null;
        }
        catch (BenchmarkException ex)
        {
            return ex.Message;
        }
    }
}
