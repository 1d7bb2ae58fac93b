using System.Management.Automation;
using PartooKeys.Connection;

namespace PartooKeys.Commands;

/// <summary>Shows this runspace's Partoo connection (never the key); nothing when not connected.</summary>
[Cmdlet(VerbsCommon.Get, "PartooConnection")]
[OutputType(typeof(PartooConnectionInfo))]
public sealed class GetPartooConnectionCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        if (ConnectionStore.Current is PartooConnection connection) WriteObject(connection.Info);
        else WriteVerbose("Not connected. Run Connect-Partoo, or let the first PartooKeys command connect from the PARTOO_* environment variables.");
    }
}
