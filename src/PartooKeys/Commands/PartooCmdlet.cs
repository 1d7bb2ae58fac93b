using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using PartooKeys.Connection;
using PartooKeys.Errors;

namespace PartooKeys.Commands;

/// <summary>
/// The thin base of every PartooKeys cmdlet but Connect-Partoo: -Connection and finding the connection,
/// cancellation (Ctrl+C cancels the request in flight), errors, and the command's lifecycle. Beside it,
/// each in its own file: running client calls and the message pump (PartooCmdlet.Calls.cs), every
/// message shown (.Messages.cs), reading keys (.Reads.cs), permission checks (.Permissions.cs), and
/// the parts a command may own (.Parts.cs: the write queue of Set and Revoke is one, see WriteQueue).
/// </summary>
/// <remarks>
/// The base owns the lifecycle: BeginProcessing, EndProcessing and StopProcessing are sealed, and
/// Dispose is not virtual. A cmdlet overrides the <see cref="Begin"/> and <see cref="End"/> hooks (and
/// ProcessRecord, which the base leaves alone), so it cannot skip what the base does after them: finish
/// every part it owns (hand back the writes still in flight, in input order) and write the client's
/// queued messages; on a stop or a failure, Dispose reports what the parts still held and ends the
/// command's use of its connection.
/// </remarks>
public abstract partial class PartooCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<Part> _parts = new();
    private ConnectionUse? _use;
    private CancellationTokenRegistration _onClosing;

    /// <summary>The connection to use instead of this runspace's default (from Connect-Partoo -PassThru), in any runspace of this process.</summary>
    [Parameter]
    [PartooConnectionTransformation]
    public PartooConnection? Connection { get; set; }

    protected PartooCmdlet() => _observer = new QueueObserver(_messages);

    /// <summary>Verb+Noun, the start of every ErrorId this cmdlet writes.</summary>
    private protected string VerbNoun => MyInvocation.MyCommand.Name.Replace("-", string.Empty);

    /// <summary>Cancelled by Ctrl+C (StopProcessing) and when the command's connection is closed under it.</summary>
    protected CancellationToken Cancellation => _cancellation.Token;

    protected sealed override void BeginProcessing()
    {
        TableViews.EnsureLoaded(this);
        Begin();
    }

    /// <summary>The cmdlet's own start (BeginProcessing), after the base's: check the command line, read what every input needs.</summary>
    protected virtual void Begin() { }

    /// <summary>
    /// The cmdlet's own end (EndProcessing), before the base finishes the command's parts: what it writes
    /// here comes before the outcomes of writes still in flight, unless it goes through the write queue
    /// (WriteQueue.InOrder), which keeps it in its place.
    /// </summary>
    protected virtual void End() { }

    /// <summary>
    /// <see cref="End"/>, then every part is finished (the write queue hands back each write still in
    /// flight, in input order) and the client's queued messages are written. When End fails, the parts are
    /// still finished, but End's error is the one that ends the command.
    /// </summary>
    protected sealed override void EndProcessing()
    {
        try { End(); }
        catch
        {
            try { FinishParts(); }
            catch (Exception) { } // End's error wins; Dispose reports what is still held
            throw;
        }
        FinishParts();
    }

    private void FinishParts()
    {
        foreach (var part in _parts) part.AtEnd();
        WriteQueuedMessages();
    }

    /// <summary>Ctrl+C or a downstream stop (on another thread): cancels the command's token, which every call and write in flight watches.</summary>
    protected sealed override void StopProcessing() => CancelQuietly(_cancellation);

    /// <summary>
    /// PowerShell disposes the command when its pipeline ends, however it ended. Each part releases what it
    /// still holds (writes still in flight mean the pipeline stopped or failed: the write queue reports them),
    /// then the command's use of its connection ends.
    /// </summary>
    public void Dispose()
    {
        try
        {
            foreach (var part in _parts)
            {
                try { part.Release(); }
                catch (Exception) { } // the pipeline has ended: one part's trouble must not keep the others or the connection held
            }
        }
        finally
        {
            EndConnectionUse();
            _cancellation.Dispose();
        }
    }

    /// <summary>
    /// The connection this command uses: -Connection, else the runspace's default, else one made
    /// from the PARTOO_* variables (which may read a vault). The first call starts the command's use
    /// of it, which lasts until the command is disposed: a Disconnect-Partoo meanwhile (in any
    /// runspace) cancels what is in flight, and the command ends with ...ConnectionClosed. A
    /// terminating error when there is none or it was closed; nothing is sent then.
    /// </summary>
    private protected PartooConnection ResolveConnection() => Use().Connection;

    /// <summary>The client of the connection this command uses (see ResolveConnection).</summary>
    private protected PartooClient ResolveClient() => Use().Client;

    private ConnectionUse Use()
    {
        try
        {
            if (_use is null)
            {
                _use = ConnectionFactory.Use(Connection);
                _onClosing = _use.Closing.Register(() => CancelQuietly(_cancellation));
            }
            if (_use.ClosedUnderIt) throw ConnectionFactory.ClosedUnderCommand(_use.Connection, MyInvocation.MyCommand.Name);
            return _use;
        }
        catch (PartooCmdletException ex) { ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun)); throw; }
    }

    /// <summary>
    /// The command was stopped: by Ctrl+C or a downstream stop (PipelineStoppedException), or because its
    /// connection was closed under it (the ...ConnectionClosed terminating error).
    /// </summary>
    private protected Exception Stopped()
    {
        if (_use?.ClosedUnderIt == true) Use(); // throws the error that says so
        return new PipelineStoppedException();
    }

    /// <summary>Ends the command's use of its connection (once every request of it has ended).</summary>
    private void EndConnectionUse()
    {
        _onClosing.Dispose();
        _use?.Dispose();
    }

    /// <summary>Whether the user gave this parameter: bound and, for a switch, present (-Unrestricted:$false asks for nothing).</summary>
    private protected bool IsGiven(string parameter) =>
        MyInvocation.BoundParameters.TryGetValue(parameter, out var value) && (value is not SwitchParameter s || s.IsPresent);

    /// <summary>How messages and prompts name a key: API key 1002 'CRM sync'.</summary>
    private protected static string Describe(ApiKey key) => Changes.ChangeText.Key(key);

    private protected void WriteError(PartooCmdletException ex) => WriteError(ErrorRecords.From(ex, VerbNoun));

    private protected void WriteError(PartooApiException ex, object? target, string? subject = null) =>
        WriteError(ErrorRecords.From(ex, VerbNoun, target, subject));

    private protected void ThrowTerminating(PartooApiException ex, object? target, string? subject = null) =>
        ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun, target, subject));

    private protected void ThrowTerminating(PartooCmdletException ex) => ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun));
}
