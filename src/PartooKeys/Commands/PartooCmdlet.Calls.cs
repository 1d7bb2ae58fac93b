using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Errors;
using PartooKeys.Http;

namespace PartooKeys.Commands;

/// <summary>Running the async client from the pipeline thread: the message pump (Verbose, warnings, budget waits) and stopping a call with its command.</summary>
public abstract partial class PartooCmdlet
{
    private const int WaitProgressId = 0x5057; // the rate-budget wait, apart from a command's own progress
    private readonly BlockingCollection<ClientMessage> _messages = new();
    private readonly QueueObserver _observer;
    private bool _rateLimitWarned;
    private bool _longWaitWarned;
    private int _waitsInProgress;
    private int _calls;

    /// <summary>
    /// Runs an async call on the runspace's client to completion, writing what the client reports
    /// (Verbose per request, a warning on the first 429) as it happens. The client is resolved here,
    /// on the pipeline thread, where the runspace is known. Requests still running after the call
    /// returns (prefetched pages) report into the same queue, written by the next call or at the end.
    /// </summary>
    /// <remarks>
    /// The call never outlives the command: whatever ends the wait (Ctrl+C, or a message that throws,
    /// e.g. -WarningAction Stop on the rate-limit warning) cancels the call and waits for it to end before
    /// the stop goes on. Cancellation stops requests not yet sent; a create already sent is not abandoned
    /// (Partoo may have acted on it): its answer, if one comes, goes to <paramref name="settle"/> first.
    /// </remarks>
    /// <param name="settle">What to do with a result that arrived although the command is stopping.</param>
    private protected T Run<T>(Func<PartooClient, CancellationToken, Task<T>> operation, Action<T>? settle = null)
    {
        var client = ResolveClient();
        var call = ++_calls;
        Task<T> task;
        using (RequestObserver.Use(_observer))
            task = Task.Run(() => operation(client, Cancellation));
        try
        {
            // The call's end is a message in the same queue: the pump waits on one thing, and no exception ends each call.
            task.ContinueWith(_ => _messages.TryAdd(new ClientMessage(MessageKind.CallEnded, "", call: call)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                while (_messages.TryTake(out var message, Timeout.Infinite, Cancellation))
                {
                    if (message.Kind != MessageKind.CallEnded) Write(message);
                    else if (message.Call == call) break; // (an earlier call's end, left by a stop, is passed over)
                }
            }
            catch (OperationCanceledException) { } // Ctrl+C
            WriteQueuedMessages();
            if (Cancellation.IsCancellationRequested) throw Stopped();
        }
        catch
        {
            EndAfterStop(task, settle);
            throw;
        }
        try { return task.GetAwaiter().GetResult(); }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested) { throw Stopped(); }
    }

    /// <summary>Runs a call that answers nothing the command needs, as <see cref="Run{T}"/> does.</summary>
    private protected void Run(Func<PartooClient, CancellationToken, Task> operation) =>
        Run<bool>(async (client, ct) =>
        {
            await operation(client, ct).ConfigureAwait(false);
            return true;
        });

    /// <summary>The command is stopping: cancels the call, waits for it to end, and settles a result it still produced.</summary>
    private void EndAfterStop<T>(Task<T> task, Action<T>? settle)
    {
        CancelQuietly(_cancellation);
        try { task.Wait(); }
        catch (AggregateException) { return; } // cancelled or failed: nothing was created
        if (settle is null) return;
        try { settle(task.Result); }
        catch (PartooCmdletException ex)
        {
            try { WriteError(ex); }
            catch (Exception) { WriteWarningWhileStopping($"{ex.Message} {ex.RecommendedAction}"); } // the pipeline takes no error now: the host still tells it
        }
        catch (Exception) { } // e.g. a stopped pipeline: the stop that is under way wins
    }

    /// <summary>Writes what the client reported since the last call.</summary>
    private protected void WriteQueuedMessages()
    {
        while (_messages.TryTake(out var message)) Write(message);
    }

    private void Write(ClientMessage message)
    {
        switch (message.Kind)
        {
            case MessageKind.Verbose:
                WriteVerbose(message.Text);
                break;
            case MessageKind.RateLimitWarning when !_rateLimitWarned:
                _rateLimitWarned = true;
                WriteWarning(message.Text);
                break;
            case MessageKind.WaitStarted:
                if (_waitsInProgress++ == 0) WriteVerbose(message.Text);
                WriteProgress(new ProgressRecord(WaitProgressId, "Waiting for Partoo's rate budget", message.Text) { SecondsRemaining = message.Seconds });
                break;
            case MessageKind.WaitLong when !_longWaitWarned:
                _longWaitWarned = true;
                WriteWarning($"PartooKeys has been waiting more than {BudgetWaitTimes.Long.TotalSeconds:0} s for the rate budget. {message.Text} Spread the work over more time, or lower the pace with Connect-Partoo -MaxRequestsPerMinute.");
                break;
            case MessageKind.WaitEnded:
                if (_waitsInProgress > 0 && --_waitsInProgress == 0)
                    WriteProgress(new ProgressRecord(WaitProgressId, "Waiting for Partoo's rate budget", "Done") { RecordType = ProgressRecordType.Completed });
                break;
        }
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try { source.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    private enum MessageKind { Verbose, RateLimitWarning, WaitStarted, WaitLong, WaitEnded, CallEnded }

    private readonly struct ClientMessage
    {
        public ClientMessage(MessageKind kind, string text, int seconds = -1, int call = 0)
        {
            Kind = kind;
            Text = text;
            Seconds = seconds;
            Call = call;
        }

        public MessageKind Kind { get; }
        public string Text { get; }
        public int Seconds { get; }

        /// <summary>For CallEnded: which call of <see cref="Run{T}"/> ended.</summary>
        public int Call { get; }
    }

    /// <summary>Queues what the client reports (on any thread) for the pipeline thread to write.</summary>
    private sealed class QueueObserver : IRequestObserver
    {
        private readonly BlockingCollection<ClientMessage> _messages;
        public QueueObserver(BlockingCollection<ClientMessage> messages) => _messages = messages;
        public void RequestCompleted(RequestRecord record) => Add(new(MessageKind.Verbose, record.ToString()));

        public void RetryScheduled(RetryNotice notice)
        {
            Add(new(MessageKind.Verbose, notice.ToString()));
            if (!notice.IsRateLimit) return;
            var wait = notice.Cause.RetryAfter is null
                ? $"Partoo did not say how long to wait (no Retry-After), so PartooKeys backs off ({notice.Delay.TotalSeconds:0.#} s, longer on each retry)"
                : $"PartooKeys waits as Partoo asks ({notice.Delay.TotalSeconds:0.#} s)";
            Add(new(MessageKind.RateLimitWarning, $"Partoo's rate limit was reached (429): {wait} and retries. Lower the pace with Connect-Partoo -MaxRequestsPerMinute."));
        }

        public void WaitStarted(BudgetWait wait) => Add(new(MessageKind.WaitStarted, wait.ToString(), (int)Math.Ceiling(wait.Expected.TotalSeconds)));
        public void WaitLong(BudgetWait wait) => Add(new(MessageKind.WaitLong, wait.ToString()));
        public void WaitEnded(BudgetWait wait) => Add(new(MessageKind.WaitEnded, ""));

        private void Add(ClientMessage message) => _messages.TryAdd(message);
    }
}
