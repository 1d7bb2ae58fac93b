using System;
using System.Threading;

namespace PartooKeys.Http;

/// <summary>
/// Tells whether a request that may change something (anything but GET) was put on the wire in the
/// current logical call, so a cancelled write can be told apart: outcome unknown (sent) or not sent.
/// </summary>
public sealed class WriteTracker
{
    private static readonly AsyncLocal<WriteTracker?> CurrentTracker = new();
    private int _sent;

    /// <summary>True once a write was handed to the network (it may or may not have reached Partoo).</summary>
    public bool Sent => Volatile.Read(ref _sent) != 0;

    public static WriteTracker? Current => CurrentTracker.Value;

    public static IDisposable Use(WriteTracker tracker)
    {
        var previous = CurrentTracker.Value;
        CurrentTracker.Value = tracker ?? throw new ArgumentNullException(nameof(tracker));
        return new Restore(previous);
    }

    /// <summary>Called by the client just before a request leaves.</summary>
    internal static void Sending(string method)
    {
        if (method == "GET") return;
        if (CurrentTracker.Value is { } tracker) Volatile.Write(ref tracker._sent, 1);
    }

    private sealed class Restore : IDisposable
    {
        private readonly WriteTracker? _previous;
        public Restore(WriteTracker? previous) => _previous = previous;
        public void Dispose() => CurrentTracker.Value = _previous;
    }
}
