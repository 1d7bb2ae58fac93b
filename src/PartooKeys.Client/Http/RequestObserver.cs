using System;
using System.Threading;

namespace PartooKeys.Http;

/// <summary>The observer of the current logical call (flows with async code).</summary>
public static class RequestObserver
{
    private static readonly AsyncLocal<IRequestObserver?> CurrentObserver = new();

    public static IRequestObserver? Current => CurrentObserver.Value;

    public static IDisposable Use(IRequestObserver observer)
    {
        var previous = CurrentObserver.Value;
        CurrentObserver.Value = observer;
        return new Restore(previous);
    }

    private sealed class Restore : IDisposable
    {
        private readonly IRequestObserver? _previous;
        public Restore(IRequestObserver? previous) => _previous = previous;
        public void Dispose() => CurrentObserver.Value = _previous;
    }
}
