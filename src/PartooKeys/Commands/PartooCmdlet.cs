using System.Management.Automation;
using System.Threading;
using PartooKeys.Connection;
using PartooKeys.Errors;

namespace PartooKeys.Commands;

/// <summary>
/// The base of every PartooKeys cmdlet but Connect-Partoo: -Connection and finding the connection,
/// cancellation (Ctrl+C cancels the request in flight), and errors. Beside it, each in its own file:
/// running client calls (PartooCmdlet.Calls.cs), reading keys (.Reads.cs), writes in flight
/// (.Writes.cs) and permission checks (.Permissions.cs).
/// </summary>
public abstract partial class PartooCmdlet : PSCmdlet
{
    private CancellationTokenSource _cancellation = new();
    private PartooConnection? _connection;

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
    /// from the PARTOO_* variables (which may read a vault). A terminating error when there is none
    /// or it was closed; nothing is sent then.
    /// </summary>
    private protected PartooConnection ResolveConnection()
    {
        try { return _connection = ConnectionFactory.Resolve(_connection ?? Connection); }
        catch (PartooCmdletException ex) { ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun)); throw; }
    }

    /// <summary>The client of the connection this command uses (see ResolveConnection).</summary>
    private protected PartooClient ResolveClient()
    {
        while (true) // closed between the check and the read: the next ResolveConnection says so
        {
            if (ResolveConnection().Client is PartooClient client) return client;
        }
    }

    /// <summary>Whether the user gave this parameter: bound and, for a switch, present (-Unrestricted:$false asks for nothing).</summary>
    private protected bool IsGiven(string parameter) =>
        MyInvocation.BoundParameters.TryGetValue(parameter, out var value) && (value is not SwitchParameter s || s.IsPresent);

    /// <summary>How messages and prompts name a key: API key 1002 'CRM sync'.</summary>
    private protected static string Describe(ApiKey key) => $"API key {key.Id} '{key.Label}'";

    private protected void WriteError(PartooCmdletException ex) => WriteError(ErrorRecords.From(ex, VerbNoun));

    private protected void WriteError(PartooApiException ex, object? target, string? subject = null) =>
        WriteError(ErrorRecords.From(ex, VerbNoun, target, subject));

    private protected void ThrowTerminating(PartooApiException ex, object? target, string? subject = null) =>
        ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun, target, subject));

    private protected void ThrowTerminating(PartooCmdletException ex) => ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun));
}
