using System.Management.Automation;
using PartooKeys.Connection;

namespace PartooKeys.Commands;

/// <summary>Closes a Partoo connection and forgets its key: the runspace's default, or the one given with -Connection only.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Partoo")]
[OutputType(typeof(void))]
public sealed class DisconnectPartooCommand : PartooCmdlet
{
    protected override void End()
    {
        var connection = Connection ?? ConnectionStore.Current;
        if (connection is null)
        {
            WriteVerbose("There was no Partoo connection in this session.");
            return;
        }
        ConnectionStore.Forget(connection);
        WriteVerbose(connection.Close()
            ? $"Disconnected from {connection.BaseUri}; the key is forgotten."
            : $"The connection to {connection.BaseUri} was already closed.");
    }
}
