using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Http;

namespace PartooKeys.Bulk;

/// <summary>
/// Writes in flight, handed back in input order. The caller (one thread, e.g. a cmdlet's pipeline
/// thread) starts writes in input order while there is room; up to MaxInFlight run at once, each
/// through the client (so inside the connection's rate budget and retry policy, which apply per
/// request). Finished writes are taken back strictly in input order; at most MaxHeld writes are
/// held (running, or finished and not yet taken), so memory stays bounded when the first one is slow.
/// The window never repeats a write: retries are the policy's business, and it never repeats a create.
/// Cancel stops what is in flight and says, for each write not yet taken, whether it succeeded,
/// failed, may have happened (sent, unanswered) or was never sent.
/// </summary>
public sealed class OrderedWriteWindow<TTag, TResult> : IDisposable
{
    private readonly object _sync = new();
    private readonly Queue<Entry> _held = new();
    private readonly CancellationTokenSource _cancel;
    private TaskCompletionSource<bool> _changed = NewSignal();
    private int _running;
    private long _nextPosition;
    private long _finished;
    private bool _cancelled;

    public OrderedWriteWindow(int maxInFlight, CancellationToken cancellationToken, int maxHeld = 0)
    {
        if (maxInFlight < 1) throw new ArgumentOutOfRangeException(nameof(maxInFlight), maxInFlight, "At least one write must be allowed in flight.");
        MaxInFlight = maxInFlight;
        MaxHeld = Math.Max(maxInFlight, maxHeld > 0 ? maxHeld : maxInFlight * 4);
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public int MaxInFlight { get; }

    /// <summary>How many writes may be held at once (running, or finished and waiting for the ones before them).</summary>
    public int MaxHeld { get; }

    /// <summary>Writes running now.</summary>
    public int InFlight { get { lock (_sync) return _running; } }

    /// <summary>Writes started and not yet taken back.</summary>
    public int Held { get { lock (_sync) return _held.Count; } }

    /// <summary>Writes started so far.</summary>
    public long Started { get { lock (_sync) return _nextPosition; } }

    /// <summary>Writes finished so far (taken back or not).</summary>
    public long Finished { get { lock (_sync) return _finished; } }

    /// <summary>Whether a write may start now.</summary>
    public bool HasRoom { get { lock (_sync) return HasRoomLocked; } }

    private bool HasRoomLocked => !_cancelled && _running < MaxInFlight && _held.Count < MaxHeld;

    /// <summary>
    /// Starts a write (call only when <see cref="HasRoom"/>). The write gets a token cancelled by
    /// <see cref="CancelAsync"/> or the window's token. It runs on the thread pool with the caller's
    /// execution context (so the caller's request observer follows it).
    /// </summary>
    public void Start(TTag tag, Func<CancellationToken, Task<TResult>> write)
    {
        if (write is null) throw new ArgumentNullException(nameof(write));
        Entry entry;
        lock (_sync)
        {
            if (_cancelled) throw new InvalidOperationException("The window was cancelled: no write may start.");
            if (!HasRoomLocked) throw new InvalidOperationException("The window is full: take finished writes back, or wait for room, before starting another.");
            entry = new Entry(_nextPosition++, tag);
            _held.Enqueue(entry);
            _running++;
        }
        var token = _cancel.Token;
        entry.Task = Task.Run(async () =>
        {
            using (WriteTracker.Use(entry.Tracker))
                return await write(token).ConfigureAwait(false);
        });
        entry.Task.ContinueWith(_ => OnFinished(entry), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Adds an outcome that needed no request (the input was refused, or already as asked), so it is
    /// taken back in its place among the writes: call only while Held is below MaxHeld.
    /// </summary>
    public void AddFinished(TTag tag, TResult result)
    {
        lock (_sync)
        {
            if (_cancelled) throw new InvalidOperationException("The window was cancelled.");
            if (_held.Count >= MaxHeld) throw new InvalidOperationException("The window is full: take finished writes back before adding another.");
            var entry = new Entry(_nextPosition++, tag) { Task = System.Threading.Tasks.Task.FromResult(result), IsFinished = true };
            _held.Enqueue(entry);
            _finished++;
        }
    }

    /// <summary>Takes back the first write not yet taken, if it has finished.</summary>
    public bool TryTakeNext(out WriteOutcome<TTag, TResult>? outcome)
    {
        Entry entry;
        lock (_sync)
        {
            if (_held.Count == 0 || !_held.Peek().IsFinished)
            {
                outcome = null;
                return false;
            }
            entry = _held.Dequeue();
        }
        outcome = ToOutcome(entry, cancelled: false);
        return true;
    }

    /// <summary>
    /// Completes when the first held write has finished (it can be taken), when nothing is held, or,
    /// with <paramref name="forRoom"/>, when another write may start. The token ends the wait only.
    /// </summary>
    public Task WhenReadyAsync(bool forRoom, CancellationToken cancellationToken = default)
    {
        Task changed;
        lock (_sync)
        {
            if (_held.Count == 0 || _held.Peek().IsFinished || (forRoom && HasRoomLocked)) return Task.CompletedTask;
            changed = _changed.Task;
        }
        return cancellationToken.CanBeCanceled ? WithCancellation(changed, cancellationToken) : changed;
    }

    /// <summary>
    /// Cancels every write in flight, waits up to <paramref name="settle"/> for them to end, and returns
    /// every write not yet taken back, in input order: Succeeded or Failed when it ended before the
    /// cancellation reached it, otherwise Unknown (a write was sent) or NotSent. No write starts after this.
    /// </summary>
    public async Task<IReadOnlyList<WriteOutcome<TTag, TResult>>> CancelAsync(TimeSpan settle)
    {
        Entry[] rest;
        lock (_sync)
        {
            _cancelled = true;
            rest = _held.ToArray();
            _held.Clear();
        }
        try { _cancel.Cancel(); }
        catch (ObjectDisposedException) { }
        var running = rest.Where(e => !e.IsFinished).Select(e => (Task)e.Task!).ToArray();
        if (running.Length > 0)
        {
            var all = Task.WhenAll(running);
            await Task.WhenAny(all, Task.Delay(settle)).ConfigureAwait(false);
            _ = all.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observed, never rethrown
        }
        return rest.Select(e => ToOutcome(e, cancelled: true)).ToList();
    }

    private void OnFinished(Entry entry)
    {
        TaskCompletionSource<bool> signal;
        lock (_sync)
        {
            entry.IsFinished = true;
            _running--;
            _finished++;
            signal = _changed;
            _changed = NewSignal();
        }
        signal.TrySetResult(true);
    }

    private WriteOutcome<TTag, TResult> ToOutcome(Entry entry, bool cancelled)
    {
        var task = entry.Task!;
        if (!entry.IsFinished || !task.IsCompleted)
            return new(entry.Position, entry.Tag, entry.Tracker.Sent ? WriteOutcomeKind.Unknown : WriteOutcomeKind.NotSent, default, null);
        if (task.Status == TaskStatus.RanToCompletion)
            return new(entry.Position, entry.Tag, WriteOutcomeKind.Succeeded, task.Result, null);
        var error = task.Exception?.InnerExceptions.Count == 1 ? task.Exception.InnerException : task.Exception;
        // Cancelled, or failed without an answer while being cancelled (the aborted connection may surface as a network error).
        var stopped = task.IsCanceled || error is OperationCanceledException || error is PartooApiException { StatusCode: null };
        if (stopped && (cancelled || _cancel.IsCancellationRequested))
            return new(entry.Position, entry.Tag, entry.Tracker.Sent ? WriteOutcomeKind.Unknown : WriteOutcomeKind.NotSent, default, null);
        return new(entry.Position, entry.Tag, WriteOutcomeKind.Failed, default, error ?? new TaskCanceledException(task));
    }

    private static async Task WithCancellation(Task task, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
            await (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cancels what is still in flight (nothing, after a complete run).</summary>
    public void Dispose()
    {
        bool idle;
        lock (_sync)
        {
            idle = _running == 0;
            _cancelled = true;
        }
        try { _cancel.Cancel(); }
        catch (ObjectDisposedException) { }
        if (idle) _cancel.Dispose();
    }

    private sealed class Entry
    {
        public Entry(long position, TTag tag)
        {
            Position = position;
            Tag = tag;
        }

        public long Position { get; }
        public TTag Tag { get; }
        public WriteTracker Tracker { get; } = new();
        public Task<TResult>? Task { get; set; }
        public bool IsFinished { get; set; } // under the window's lock
    }
}
