using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Completion;
using PartooKeys.Connection;
using PartooKeys.Errors;
using PartooKeys.Http;
using PartooKeys.Paging;

namespace PartooKeys.Commands;

/// <summary>
/// The base of every PartooKeys cmdlet: cancellation (Ctrl+C cancels the request in flight),
/// running the async client while writing its Verbose lines on the pipeline thread, and errors.
/// </summary>
public abstract partial class PartooCmdlet : PSCmdlet
{
    private CancellationTokenSource _cancellation = new();
    private readonly BlockingCollection<(bool Warning, string Text)> _messages = new();
    private readonly QueueObserver _observer;
    private bool _rateLimitWarned;

    protected PartooCmdlet() => _observer = new QueueObserver(_messages);

    /// <summary>Verb+Noun, the start of every ErrorId this cmdlet writes.</summary>
    private protected string VerbNoun => MyInvocation.MyCommand.Name.Replace("-", string.Empty);

    protected CancellationToken Cancellation => _cancellation.Token;

    protected override void BeginProcessing()
    {
        _cancellation = new CancellationTokenSource();
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    protected override void EndProcessing()
    {
        WriteQueuedMessages();
        _cancellation.Dispose();
    }

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
    /// Runs an async call on the runspace's client to completion, writing what the client reports
    /// (Verbose per request, a warning on the first 429) as it happens. The client is resolved here,
    /// on the pipeline thread, where the runspace is known. Requests still running after the call
    /// returns (prefetched pages) report into the same queue, written by the next call or at the end.
    /// </summary>
    private protected T Run<T>(Func<PartooClient, CancellationToken, Task<T>> operation)
    {
        var client = Connection.Client;
        Task<T> task;
        using (RequestObserver.Use(_observer))
            task = Task.Run(() => operation(client, Cancellation));
        using var finished = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        task.ContinueWith(_ => CancelQuietly(finished), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            while (_messages.TryTake(out var message, Timeout.Infinite, finished.Token)) Write(message);
        }
        catch (OperationCanceledException) { } // the call finished, or Ctrl+C
        WriteQueuedMessages();
        if (Cancellation.IsCancellationRequested) throw new PipelineStoppedException();
        try { return task.GetAwaiter().GetResult(); }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested) { throw new PipelineStoppedException(); }
    }

    /// <summary>Writes what the client reported since the last call.</summary>
    private protected void WriteQueuedMessages()
    {
        while (_messages.TryTake(out var message)) Write(message);
    }

    private void Write((bool Warning, string Text) message)
    {
        if (!message.Warning) WriteVerbose(message.Text);
        else if (!_rateLimitWarned)
        {
            _rateLimitWarned = true;
            WriteWarning(message.Text);
        }
    }

    /// <summary>
    /// Reads a listing through the pager (pages fetched ahead, handed out in Partoo's order), giving
    /// each page's keys to <paramref name="onPage"/> as it arrives. A failed request ends the command
    /// (after <paramref name="onFailure"/>); what the pager noticed about the listing is written as warnings.
    /// </summary>
    private protected void ReadListing(ApiKeyQuery query, int pageSize, Action<ApiKeyPager, IReadOnlyList<ApiKey>> onPage,
        long skip = 0, long first = long.MaxValue, bool forceFirstRequest = false, Action? onFailure = null)
    {
        var client = Connection.Client;
        using var pager = new ApiKeyPager(client, query, pageSize, skip, first, client.Options.MaxConcurrency);
        try
        {
            while (Run((_, ct) => pager.NextAsync(ct, forceFirstRequest)) is { } keys) onPage(pager, keys);
        }
        catch (PartooApiException ex)
        {
            onFailure?.Invoke();
            ThrowTerminating(ex, null);
        }
        foreach (var warning in pager.Warnings) WriteWarning(warning);
    }

    /// <summary>Reads one key (and remembers its permission names for completion).</summary>
    private protected ApiKey ReadKey(int id, bool includeAllPermissions) =>
        Remember(Run((client, ct) => client.GetApiKeyAsync(id, includeAllPermissions, ct)));

    private protected static ApiKey Remember(ApiKey key)
    {
        SeenPermissions.Record(key);
        return key;
    }

    /// <summary>Writes a key to the pipeline; its permission names become completions.</summary>
    private protected void WriteKey(ApiKey key) => WriteObject(Remember(key));

    /// <summary>Whether the user gave this parameter (a value left at its default is not given).</summary>
    private protected bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    /// <summary>How messages and prompts name a key: API key 1002 'CRM sync'.</summary>
    private protected static string Describe(ApiKey key) => $"API key {key.Id} '{key.Label}'";

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try { source.Cancel(); }
        catch (ObjectDisposedException) { }
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

        public void RetryScheduled(RetryNotice notice)
        {
            Add(false, notice.ToString());
            if (notice.IsRateLimit)
                Add(true, $"Partoo's rate limit was reached (429): PartooKeys waits as Partoo asks ({notice.Delay.TotalSeconds:0.#} s) and retries. Lower the pace with Connect-Partoo -MaxRequestsPerMinute.");
        }

        private void Add(bool warning, string message) => _messages.TryAdd((warning, message));
    }
}
