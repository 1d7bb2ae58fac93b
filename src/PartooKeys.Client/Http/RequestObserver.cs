using System;
using System.Threading;

namespace PartooKeys.Http;

/// <summary>One finished HTTP exchange, as it may be shown to a user (no key, secret query values redacted).</summary>
public sealed class RequestRecord
{
    public RequestRecord(string method, string displayPath, int? statusCode, TimeSpan elapsed, string? failure)
    {
        Method = method;
        DisplayPath = displayPath;
        StatusCode = statusCode;
        Elapsed = elapsed;
        Failure = failure;
    }

    public string Method { get; }
    public string DisplayPath { get; }
    public int? StatusCode { get; }
    public TimeSpan Elapsed { get; }
    public string? Failure { get; }

    public override string ToString() =>
        $"{Method} {DisplayPath} -> {(StatusCode?.ToString() ?? Failure ?? "no answer")} in {(long)Elapsed.TotalMilliseconds} ms";
}

/// <summary>Receives what the client does, on whatever thread it happens.</summary>
public interface IRequestObserver
{
    void RequestCompleted(RequestRecord record);
    void RetryScheduled(RetryNotice notice);
    /// <summary>A request starts waiting for the rate budget.</summary>
    void WaitStarted(BudgetWait wait);
    /// <summary>The wait is still going on after <see cref="BudgetWaitTimes.Long"/>.</summary>
    void WaitLong(BudgetWait wait);
    void WaitEnded(BudgetWait wait);
}

public static class BudgetWaitTimes
{
    /// <summary>A wait longer than this gets a warning (once per command).</summary>
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(5);
    /// <summary>Shorter waits are not worth telling about.</summary>
    public static readonly TimeSpan Noticeable = TimeSpan.FromMilliseconds(50);
}

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
