using System;
using System.Management.Automation;
using System.Threading;
using PartooKeys.Connection;
using PartooKeys.Errors;

namespace PartooKeys.Commands;

/// <summary>
/// The base of every PartooKeys cmdlet but Connect-Partoo: -Connection and finding the connection,
/// cancellation (Ctrl+C cancels the request in flight), and errors. Beside it, each in its own file:
/// running client calls (PartooCmdlet.Calls.cs), reading keys (.Reads.cs), writes in flight
/// (.Writes.cs), permission checks (.Permissions.cs) and every message shown (.Messages.cs).
/// </summary>
public abstract partial class PartooCmdlet : PSCmdlet
{
    private CancellationTokenSource _cancellation = new();
    private ConnectionUse? _use;
    private CancellationTokenRegistration _onClosing;

    /// <summary>The connection to use instead of this runspace's default (from Connect-Partoo -PassThru), in any runspace of this process.</summary>
    [Parameter]
    [PartooConnectionTransformation]
    public PartooConnection? Connection { get; set; }

    protected PartooCmdlet() => _observer = new QueueObserver(_messages);

    /// <summary>Verb+Noun, the start of every ErrorId this cmdlet writes.</summary>
    private protected string VerbNoun => MyInvocation.MyCommand.Name.Replace("-", string.Empty);

    protected CancellationToken Cancellation => _cancellation.Token;

    protected override void BeginProcessing()
    {
        _cancellation = new CancellationTokenSource();
        TableViews.EnsureLoaded(this);
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    protected override void EndProcessing()
    {
        FinishWrites();
        WriteQueuedMessages();
        _cancellation.Dispose();
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
