using System.Diagnostics;

namespace PartooKeys.Simulator;

/// <summary>
/// Fixed 60 s window shared by all callers. The window opens with the first counted request;
/// every authenticated, non-faulted request counts (those answered 429 too).
/// Not thread-safe: used under the simulator's lock.
/// </summary>
internal sealed class RateWindow
{
    internal static readonly TimeSpan Length = TimeSpan.FromSeconds(60);

    private long _start = -1;
    private int _count;

    /// <summary>The requests answered 429 by the limit (not by a fault) since the last reset.</summary>
    internal int Refused { get; private set; }

    /// <summary>Counts one request; returns the Retry-After seconds when it is over the limit, else null.</summary>
    internal int? Take(int limitPerMinute)
    {
        if (limitPerMinute <= 0)
        {
            return null;
        }

        var now = Stopwatch.GetTimestamp();
        if (_start < 0 || Stopwatch.GetElapsedTime(_start, now) >= Length)
        {
            _start = now;
            _count = 0;
        }

        _count++;
        if (_count <= limitPerMinute)
        {
            return null;
        }

        Refused++;
        var left = Length - Stopwatch.GetElapsedTime(_start, now);
        return Math.Max(1, (int)Math.Ceiling(left.TotalSeconds));
    }

    internal void Reset()
    {
        _start = -1;
        _count = 0;
        Refused = 0;
    }
}
