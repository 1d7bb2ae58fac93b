using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Bulk;
using PartooKeys.Errors;
using PartooKeys.Validation;

namespace PartooKeys.Commands;

/// <summary>
/// The ordered write queue of a cmdlet that writes (Set-PartooApiKey and Revoke-PartooApiKey each own one;
/// New-PartooApiKey sends one create at a time and has none). Each change is approved on the pipeline thread
/// (prompts, -WhatIf, -Confirm, in input order), then sent while the next input is read, up to the
/// connection's MaxConcurrency at once, inside its shared rate budget. Results and errors come back in input
/// order, on the pipeline thread, with a progress bar for piped input. Ctrl+C cancels what is in flight and
/// a warning lists which keys changed, which may have changed (sent, unanswered) and which were never sent.
/// </summary>
/// <remarks>
/// Made in the cmdlet's constructor, the queue is a part of its command (PartooCmdlet.Part): the base
/// finishes it at EndProcessing, after the cmdlet's End hook, and releases it when the command is disposed.
/// A cmdlet cannot forget to hand back the writes still in flight, nor to report them on a stop.
/// </remarks>
internal sealed class WriteQueue : PartooCmdlet.Part
{
    private const int BulkProgressId = 0x5058;
    /// <summary>How long a stop waits for cancelled writes to end before it reports them.</summary>
    private static readonly TimeSpan StopSettle = TimeSpan.FromSeconds(10);

    /// <summary>What the progress bar calls the work ("Revoking API keys").</summary>
    private readonly string _activity;
    private OrderedWriteWindow<QueuedWrite, object?>? _writes;
    private BulkProgress? _progress;
    private bool _stopReported;

    /// <param name="command">The cmdlet that owns the queue (the queue attaches itself to it).</param>
    /// <param name="activity">What the progress bar calls the work: "Changing API keys", "Revoking API keys".</param>
    public WriteQueue(PartooCmdlet command, string activity) : base(command) => _activity = activity;

    /// <summary>
    /// Sends an approved change of <paramref name="key"/> without waiting for its answer: waits only
    /// for room in the window (up to MaxConcurrency in flight), handing back finished writes meanwhile.
    /// <paramref name="done"/> or <paramref name="failed"/> runs later, on the pipeline thread, in input order.
    /// </summary>
    public void Queue<T>(ApiKey key, Func<PartooClient, CancellationToken, Task<T>> write, Action<T> done, Action<PartooApiException> failed)
    {
        var client = Client;
        _writes ??= new OrderedWriteWindow<QueuedWrite, object?>(Math.Max(1, client.Options.Settings.MaxConcurrency), Cancellation);
        _progress ??= new BulkProgress(ExpectingInput);
        HandBackWritesWhile(() => !_writes!.HasRoom, forRoom: true);
        var queued = new QueuedWrite(key, result => done((T)result!), failed);
        using (ObserveRequests())
            _writes.Start(queued, async ct => (object?)await write(client, ct).ConfigureAwait(false));
        _progress.Queued(key);
        ShowProgress();
    }

    /// <summary>
    /// The key a change applies to: <paramref name="given"/> when the change may start from it (it is recorded for
    /// completion), else key <paramref name="id"/> read from Partoo. An invalid id or a failed read is written as an
    /// error in its place among the writes in flight, and the answer is null.
    /// </summary>
    public ApiKey? KeyToChange(int id, ApiKey? given, bool includeAllPermissions)
    {
        try { ApiKeyInput.Id(id); }
        catch (PartooCmdletException ex) { InOrder(null, () => WriteError(ex)); return null; }
        try { return given is not null ? RecordForCompletion(given) : ReadKey(id, includeAllPermissions); }
        catch (PartooApiException ex) { InOrder(null, () => WriteError(ex, id, $"API key {id}")); return null; }
    }

    /// <summary>
    /// Writes what an input produced without a request (an error, a warning, the key as it is) in its
    /// place among the writes in flight, so output and errors keep the input's order.
    /// </summary>
    public void InOrder(ApiKey? key, Action write)
    {
        _progress ??= new BulkProgress(ExpectingInput);
        _progress.Queued(key);
        if (_writes is null || _writes.Held == 0)
        {
            write();
            _progress.Finished();
            ShowProgress();
            return;
        }
        HandBackWritesWhile(() => _writes!.Held >= _writes.MaxHeld, forRoom: false);
        _writes.AddFinished(new QueuedWrite(null, _ => write(), _ => { }), null);
    }

    /// <summary>
    /// Waits for every write in flight and hands back its outcome, in input order. The base does this at
    /// EndProcessing; a cmdlet may do it earlier (Revoke before the session's own key stops working) and go on queueing.
    /// </summary>
    public void Finish()
    {
        if (_writes is null) return;
        HandBackWritesWhile(() => _writes!.Held > 0, forRoom: false);
        if (_progress?.Shown == true)
            WriteProgress(new ProgressRecord(BulkProgressId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        _writes.Dispose();
        _writes = null;
    }

    internal override void AtEnd() => Finish();

    /// <summary>
    /// The command is disposed with writes still held: the pipeline stopped while another command had the
    /// pipeline thread (Ctrl+C during the upstream listing), or it failed. They are cancelled and reported now.
    /// </summary>
    internal override void Release()
    {
        if (_writes is null) return;
        try
        {
            if (_writes.Held > 0 && !_stopReported) ReportStoppedWrites(Array.Empty<WriteOutcome<QueuedWrite, object?>>());
        }
        finally
        {
            _writes.Dispose();
            _writes = null;
        }
    }

    /// <summary>
    /// Hands back finished writes, and waits for more while <paramref name="mustWait"/> holds (for room in the
    /// window, or for the next outcome in input order). Whatever stops the wait (Ctrl+C, a downstream
    /// Select-Object -First, -WarningAction Stop) reports the writes under way, and nothing more is sent.
    /// </summary>
    private void HandBackWritesWhile(Func<bool> mustWait, bool forRoom)
    {
        try
        {
            HandBackFinishedWrites();
            while (mustWait())
            {
                Run((_, ct) => _writes!.WhenReadyAsync(forRoom, ct));
                HandBackFinishedWrites();
            }
        }
        catch
        {
            ReportStoppedWrites(Array.Empty<WriteOutcome<QueuedWrite, object?>>());
            throw;
        }
    }

    private void HandBackFinishedWrites()
    {
        while (_writes!.TryTakeNext(out var outcome))
        {
            WriteQueuedMessages();
            switch (outcome!.Kind)
            {
                case WriteOutcomeKind.Succeeded:
                    _progress!.Finished();
                    try { outcome.Tag.Done(outcome.Result); }
                    catch
                    {
                        // Stopped while its result was being written (a -PassThru read, a downstream stop): name it.
                        ReportStoppedWrites(new[] { outcome });
                        throw;
                    }
                    break;
                case WriteOutcomeKind.Failed when outcome.Error is PartooApiException api:
                    _progress!.Finished();
                    outcome.Tag.Failed(api);
                    break;
                case WriteOutcomeKind.Failed:
                    ExceptionDispatchInfo.Capture(outcome.Error!).Throw();
                    break;
                default: // cancelled under us: the command is stopping
                    ReportStoppedWrites(new[] { outcome });
                    throw Stopped();
            }
            ShowProgress();
        }
    }

    /// <summary>
    /// The command stops with writes in flight: cancels them, waits for them to end, and says which
    /// keys changed (their results will not be written), which may have changed and which were never sent.
    /// </summary>
    private void ReportStoppedWrites(IEnumerable<WriteOutcome<QueuedWrite, object?>> alreadyTaken)
    {
        if (_writes is null || _stopReported) return;
        _stopReported = true;
        var rest = alreadyTaken.Concat(_writes.CancelAsync(StopSettle).GetAwaiter().GetResult()).ToList();
        if (rest.Count == 0) return;
        rest = rest.Where(o => o.Tag.Key is not null).ToList();
        if (rest.Count == 0) return;
        string Ids(WriteOutcomeKind kind) => string.Join(", ", rest.Where(o => o.Kind == kind).Select(o => o.Tag.Key!.Id.ToString(CultureInfo.InvariantCulture)));
        var parts = new List<string>();
        if (Ids(WriteOutcomeKind.Succeeded) is { Length: > 0 } changed) parts.Add($"changed: {changed}");
        if (Ids(WriteOutcomeKind.Failed) is { Length: > 0 } failed) parts.Add($"failed: {failed}");
        if (Ids(WriteOutcomeKind.Unknown) is { Length: > 0 } unknown) parts.Add($"outcome unknown (sent, no answer): {unknown}");
        if (Ids(WriteOutcomeKind.NotSent) is { Length: > 0 } notSent) parts.Add($"not sent: {notSent}");
        var check = rest.Any(o => o.Kind == WriteOutcomeKind.Unknown)
            ? $" Check the keys whose outcome is unknown with Get-PartooApiKey -Id {Ids(WriteOutcomeKind.Unknown).Replace(" ", string.Empty)}."
            : string.Empty;
        WriteWarningWhileStopping($"{CommandName} was stopped with {rest.Count} change(s) under way. API keys {string.Join("; ", parts)}.{check}");
    }

    private void ShowProgress()
    {
        if (_progress?.Record(BulkProgressId, _activity) is { } record) WriteProgress(record);
    }

    private sealed class QueuedWrite
    {
        public QueuedWrite(ApiKey? key, Action<object?> done, Action<PartooApiException> failed)
        {
            Key = key;
            Done = done;
            Failed = failed;
        }

        /// <summary>The key changed; null for an outcome that needed no request.</summary>
        public ApiKey? Key { get; }
        public Action<object?> Done { get; }
        public Action<PartooApiException> Failed { get; }
    }

    /// <summary>
    /// done / total (when the keys came from a listing, which knows its size), the pace, and the time left.
    /// Shown for piped input only, at most a few times a second.
    /// </summary>
    private sealed class BulkProgress
    {
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
        private readonly bool _enabled;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _lastShown = TimeSpan.MinValue;
        private Paging.ApiKeyListing? _listing;
        private long _queued;
        private long _finished;

        public BulkProgress(bool enabled) => _enabled = enabled;

        public bool Shown { get; private set; }

        public void Queued(ApiKey? key)
        {
            _queued++;
            _listing ??= key?.Listing;
        }

        public void Finished() => _finished++;

        public ProgressRecord? Record(int id, string activity)
        {
            if (!_enabled) return null;
            var now = _clock.Elapsed;
            if (Shown && now - _lastShown < Interval) return null;
            _lastShown = now;
            Shown = true;
            var total = _listing?.Expected is long expected && expected >= _queued ? expected : (long?)null;
            var rate = now.TotalSeconds > 0.5 && _finished > 0 ? _finished / now.TotalSeconds : (double?)null;
            var status = total is long t
                ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} keys done", _finished, t)
                : string.Format(CultureInfo.InvariantCulture, "{0} keys done", _finished);
            if (rate is double r) status += string.Format(CultureInfo.InvariantCulture, ", {0:0.#} keys/s", r);
            var record = new ProgressRecord(id, activity, status);
            if (total is long all && all > 0)
            {
                record.PercentComplete = (int)Math.Min(100, _finished * 100 / all);
                if (rate is double pace && pace > 0) record.SecondsRemaining = (int)Math.Ceiling((all - _finished) / pace);
            }
            return record;
        }
    }
}
