using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Completion;
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
        using var messages = new BlockingCollection<string>();
        Task<T> task;
        using (RequestObserver.Use(new QueueObserver(messages)))
            task = Task.Run(() => operation(client, Cancellation));
        task.ContinueWith(_ => messages.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            foreach (var message in messages.GetConsumingEnumerable(Cancellation)) WriteVerbose(message);
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
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

    /// <summary>How messages and prompts name a key: API key 1002 'CRM sync'.</summary>
    private protected static string Describe(ApiKey key) => $"API key {key.Id} '{key.Label}'";

    private protected void WriteError(PartooCmdletException ex) => WriteError(ErrorRecords.From(ex, VerbNoun));

    private protected void WriteError(PartooApiException ex, object? target, string? subject = null) =>
        WriteError(ErrorRecords.From(ex, VerbNoun, target, subject));

    private protected void ThrowTerminating(PartooApiException ex, object? target, string? subject = null) =>
        ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun, target, subject));

    private protected void ThrowTerminating(PartooCmdletException ex) => ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun));

    private sealed class QueueObserver : IRequestObserver
    {
        private readonly BlockingCollection<string> _messages;
        public QueueObserver(BlockingCollection<string> messages) => _messages = messages;
        public void RequestCompleted(RequestRecord record) => Add(record.ToString());
        public void Notice(string message) => Add(message);

        private void Add(string message)
        {
            try { _messages.TryAdd(message); }
            catch (InvalidOperationException) { } // the call already finished (ObjectDisposedException too)
        }
    }
}
