using System;
using System.Collections.Generic;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using PartooKeys.Http;

namespace PartooKeys.Resilience;

/// <summary>
/// One organisation's rate budget in this process: a sliding-window limiter and a 429 back-off,
/// shared by every connection to the same address with the same key, whichever runspace made it.
/// Budgets are found by a keyed hash (HMAC-SHA256 under a random per-process key) of the address
/// and the key: the key itself is never a dictionary key, and the hash never leaves memory.
/// </summary>
internal sealed class RateBudget
{
    /// <summary>Partoo counts requests per minute; its window may start at any request.</summary>
    private static readonly TimeSpan PartooMinute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Segment = TimeSpan.FromSeconds(5);
    /// <summary>
    /// The limiter frees a permit when the segment it was taken in leaves the window. A window of one
    /// minute plus one segment frees it 60 to 65 s after it was taken, never earlier, so no minute
    /// (however Partoo aligns it) sees more than the budget.
    /// </summary>
    private static readonly TimeSpan Window = PartooMinute + Segment;
    private static readonly int SegmentsPerWindow = (int)(Window.Ticks / Segment.Ticks);
    private static readonly byte[] ProcessKey = NewProcessKey();
    private static readonly Dictionary<string, RateBudget> Budgets = new(StringComparer.Ordinal);

    private readonly string _id;
    private readonly string _address;
    private readonly SlidingWindowRateLimiter _limiter;
    private readonly Queue<DateTime> _grants = new();
    private readonly object _gate = new();
    private DateTime _pausedUntil;
    private int _users;

    private RateBudget(string id, string address, int requestsPerMinute)
    {
        _id = id;
        _address = address;
        RequestsPerMinute = requestsPerMinute;
        _limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = requestsPerMinute,
            Window = Window,
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>The limit of this budget: the one asked for by the first connection that made it.</summary>
    public int RequestsPerMinute { get; }

    /// <summary>The budget for this address and key, shared with every live connection that has the same; release it when done.</summary>
    public static RateBudget Acquire(Uri baseUri, SecureString key, int requestsPerMinute)
    {
        var id = Fingerprint(baseUri, key);
        lock (Budgets)
        {
            if (!Budgets.TryGetValue(id, out var budget))
                Budgets[id] = budget = new RateBudget(id, baseUri.GetLeftPart(UriPartial.Path), requestsPerMinute);
            budget._users++;
            return budget;
        }
    }

    /// <summary>One connection stops using the budget; the last one frees it.</summary>
    public void Release()
    {
        lock (Budgets)
        {
            if (--_users > 0) return;
            Budgets.Remove(_id);
        }
        _limiter.Dispose();
    }

    /// <summary>Partoo answered 429: every request of this budget waits until the pause is over.</summary>
    public void Pause(TimeSpan wait)
    {
        var until = DateTime.UtcNow + wait;
        lock (_gate) if (until > _pausedUntil) _pausedUntil = until;
    }

    /// <summary>Waits out any 429 pause, then for a permit; tells the observer about every noticeable wait.</summary>
    public async Task<RateLimitLease> TakeAsync(CancellationToken cancellationToken)
    {
        TimeSpan pause;
        lock (_gate) pause = _pausedUntil - DateTime.UtcNow;
        if (pause > BudgetWaitTimes.Noticeable)
            await WaitAsync(Task.Delay(pause, cancellationToken), new BudgetWait(BudgetWaitReason.PartooRateLimit, pause, _address, RequestsPerMinute), cancellationToken).ConfigureAwait(false);

        var lease = _limiter.AttemptAcquire(1);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            var acquire = _limiter.AcquireAsync(1, cancellationToken).AsTask();
            var wait = new BudgetWait(BudgetWaitReason.ClientBudget, EstimateWait(), _address, RequestsPerMinute);
            await WaitAsync(acquire, wait, cancellationToken).ConfigureAwait(false);
            lease = await acquire.ConfigureAwait(false);
            if (!lease.IsAcquired)
            {
                lease.Dispose();
                throw new InvalidOperationException("The client-side rate limiter refused a permit.");
            }
        }
        lock (_gate)
        {
            _grants.Enqueue(DateTime.UtcNow);
            while (_grants.Count > RequestsPerMinute) _grants.Dequeue();
        }
        return lease;
    }

    /// <summary>When the oldest permit of the last window comes back (at most one window after it was taken).</summary>
    private TimeSpan EstimateWait()
    {
        lock (_gate)
        {
            if (_grants.Count < RequestsPerMinute) return Segment;
            return _grants.Peek() + Window - DateTime.UtcNow;
        }
    }

    private static async Task WaitAsync(Task waiting, BudgetWait wait, CancellationToken cancellationToken)
    {
        var observer = RequestObserver.Current;
        observer?.WaitStarted(wait);
        try
        {
            using var longWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var first = await Task.WhenAny(waiting, Task.Delay(BudgetWaitTimes.Long, longWait.Token)).ConfigureAwait(false);
            if (first != waiting && !waiting.IsCompleted && !cancellationToken.IsCancellationRequested) observer?.WaitLong(wait);
            longWait.Cancel();
            await waiting.ConfigureAwait(false);
        }
        finally
        {
            observer?.WaitEnded(wait);
        }
    }

    private static string Fingerprint(Uri baseUri, SecureString key)
    {
        using var hmac = new HMACSHA256(ProcessKey);
        var text = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant() + "\n" + SecureText.Reveal(key);
        var bytes = Encoding.UTF8.GetBytes(text);
        try { return Convert.ToBase64String(hmac.ComputeHash(bytes)); }
        finally { Array.Clear(bytes, 0, bytes.Length); }
    }

    private static byte[] NewProcessKey()
    {
        var key = new byte[32];
        using var random = RandomNumberGenerator.Create();
        random.GetBytes(key);
        return key;
    }
}
