using System.Management.Automation;
using PartooKeys.Connection;

namespace PartooKeys.Commands;

/// <summary>Forgets this runspace's Partoo connection and the key it holds.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Partoo")]
[OutputType(typeof(void))]
public sealed class DisconnectPartooCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        WriteVerbose(ConnectionStore.Clear() ? "Disconnected from Partoo; the key is forgotten." : "There was no Partoo connection in this session.");
    }
}
