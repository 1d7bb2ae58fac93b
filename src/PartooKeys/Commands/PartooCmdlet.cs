using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Connection;
using PartooKeys.Errors;
using PartooKeys.Http;

namespace PartooKeys.Commands;

/// <summary>
/// The base of every PartooKeys cmdlet: cancellation (Ctrl+C cancels the request in flight),
/// running the async client while writing its Verbose lines on the pipeline thread, and errors.
/// </summary>
public abstract class PartooCmdlet : PSCmdlet
{
    private CancellationTokenSource _cancellation = new();
    private bool _rateLimitWarned;

    /// <summary>Verb+Noun, the start of every ErrorId this cmdlet writes.</summary>
    private protected string VerbNoun => MyInvocation.MyCommand.Name.Replace("-", string.Empty);

    protected CancellationToken Cancellation => _cancellation.Token;

    protected override void BeginProcessing()
    {
        _cancellation = new CancellationTokenSource();
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    protected override void EndProcessing() => _cancellation.Dispose();

    /// <summary>The runspace's connection, made lazily from PARTOO_* variables; a terminating error if there is none.</summary>
    private protected PartooConnection Connection
    {
        get
        {
            try { return ConnectionFactory.CurrentOrFromEnvironment(); }
            catch (PartooCmdletException ex) { ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun)); throw; }
        }
    }

    /// <summary>
    /// Runs an async call on the runspace's client to completion, writing its Verbose lines as they
    /// happen. The client is resolved here, on the pipeline thread, where the runspace is known.
    /// </summary>
    private protected T Run<T>(Func<PartooClient, CancellationToken, Task<T>> operation)
    {
        var client = Connection.Client;
        using var messages = new BlockingCollection<(bool Warning, string Text)>();
        Task<T> task;
        using (RequestObserver.Use(new QueueObserver(messages)))
            task = Task.Run(() => operation(client, Cancellation));
        task.ContinueWith(_ => messages.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            foreach (var (warning, text) in messages.GetConsumingEnumerable(Cancellation))
            {
                if (!warning) WriteVerbose(text);
                else if (!_rateLimitWarned)
                {
                    _rateLimitWarned = true;
                    WriteWarning(text);
                }
            }
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private protected void WriteError(PartooCmdletException ex) => WriteError(ErrorRecords.From(ex, VerbNoun));

    private protected void WriteError(PartooApiException ex, object? target, string? subject = null) =>
        WriteError(ErrorRecords.From(ex, VerbNoun, target, subject));

    private protected void ThrowTerminating(PartooApiException ex, object? target, string? subject = null) =>
        ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun, target, subject));

    private protected void ThrowTerminating(PartooCmdletException ex) => ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun));

    /// <summary>Queues what the client reports (on any thread) for the pipeline thread to write.</summary>
    private sealed class QueueObserver : IRequestObserver
    {
        private readonly BlockingCollection<(bool, string)> _messages;
        public QueueObserver(BlockingCollection<(bool, string)> messages) => _messages = messages;
        public void RequestCompleted(RequestRecord record) => Add(false, record.ToString());
        public void Notice(string message) => Add(false, message);

        public void RetryScheduled(RetryNotice notice)
        {
            Add(false, notice.ToString());
            if (notice.IsRateLimit)
                Add(true, $"Partoo's rate limit was reached (429): PartooKeys waits as Partoo asks ({notice.Delay.TotalSeconds:0.#} s) and retries. Lower the pace with Connect-Partoo -MaxRequestsPerMinute.");
        }

        private void Add(bool warning, string message)
        {
            try { _messages.TryAdd((warning, message)); }
            catch (InvalidOperationException) { } // the call already finished (ObjectDisposedException too)
        }
    }
}
