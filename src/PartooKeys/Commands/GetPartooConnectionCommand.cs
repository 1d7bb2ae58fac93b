using System.Management.Automation;
using PartooKeys.Connection;

namespace PartooKeys.Commands;

/// <summary>Shows this runspace's Partoo connection, or the one given with -Connection (never the key); nothing when not connected.</summary>
[Cmdlet(VerbsCommon.Get, "PartooConnection")]
[OutputType(typeof(PartooConnection))]
public sealed class GetPartooConnectionCommand : PartooCmdlet
{
    protected override void End()
    {
        if ((Connection ?? ConnectionStore.Current) is PartooConnection connection)
        {
            connection.HandedOut = true;
            WriteObject(connection);
        }
        else WriteVerbose("Not connected. Run Connect-Partoo, or let the first PartooKeys command connect from the PARTOO_* environment variables.");
    }
}
