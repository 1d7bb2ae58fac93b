using System.Text.Json;

namespace PartooKeys.Benchmarks;

/// <summary>
/// Parent and child talk over the child's stdin/stdout, one line each way. Parent: "PREP" (untimed: fresh HttpClient or
/// Connect-Partoo), then "RUN" (one timed listing), finally "END". Child: lines starting with "@@ " carry JSON.
/// </summary>
public static class Protocol
{
    public const string Prefix = "@@ ";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Send<T>(T message) => Console.Out.WriteLine(Prefix + JsonSerializer.Serialize(message, Json));
}

/// <summary>What a listing child says once set up.</summary>
public sealed record Ready(long WorkingSetBytes, bool HasMaxConcurrency, string Note);

/// <summary>One timed listing.</summary>
public sealed record RunResult(double WallMs, double FirstObjectMs, long Count, long AllocatedBytes, long PeakWorkingSetBytes, long BaselineWorkingSetBytes, string PeakMethod);

/// <summary>One Import-Module sample: the first import in a fresh process (cold) and imports in further fresh runspaces (warm).</summary>
public sealed record ImportSample(double ColdMs, double[] WarmMs);

/// <summary>Whether a clean Import-Module of out/PartooKeys works in a fresh process: null, or the error.</summary>
public sealed record Probe(string? Failure);
