using System.Diagnostics;

namespace PartooKeys.Benchmarks;

/// <summary>
/// Peak working set of this process during one run. On Linux the kernel's peak (VmHWM) is reset to the current
/// working set before the run (echo 5 > /proc/self/clear_refs), so the peak read after the run belongs to that run
/// alone. Where that is not possible the working set is sampled every 2 ms instead.
/// </summary>
public sealed class PeakTracker
{
    private Timer? _sampler;
    private long _sampledPeak;
    private bool _kernelPeak;

    public long Baseline { get; private set; }
    public static string Method { get; private set; } = "not measured yet";

    public void Start()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        _kernelPeak = TryResetKernelPeak();
        Baseline = CurrentWorkingSet();
        if (_kernelPeak)
        {
            Method = "the kernel's peak resident set (VmHWM), reset before each run through /proc/self/clear_refs";
            return;
        }
        Method = "the working set sampled every 2 ms during each run";
        _sampledPeak = Baseline;
        _sampler = new Timer(_ => Sample(), null, 0, 2);
    }

    public long Stop()
    {
        if (_kernelPeak)
        {
            using var process = Process.GetCurrentProcess();
            return Math.Max(process.PeakWorkingSet64, Baseline);
        }
        _sampler?.Dispose();
        _sampler = null;
        Sample();
        return Interlocked.Read(ref _sampledPeak);
    }

    private void Sample()
    {
        var now = CurrentWorkingSet();
        long seen;
        while (now > (seen = Interlocked.Read(ref _sampledPeak)) && Interlocked.CompareExchange(ref _sampledPeak, now, seen) != seen) { }
    }

    public static long CurrentWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static bool TryResetKernelPeak()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
