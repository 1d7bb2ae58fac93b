using System.Management.Automation;

namespace EmptyBinaryModule;

/// <summary>The one trivial cmdlet of the empty module.</summary>
[Cmdlet(VerbsCommon.Get, "EmptyThing")]
[OutputType(typeof(int))]
public sealed class GetEmptyThingCommand : PSCmdlet
{
    protected override void EndProcessing() => WriteObject(42);
}
