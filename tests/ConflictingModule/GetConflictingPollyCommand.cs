using System.Management.Automation;
using Polly;

namespace ConflictingModule;

/// <summary>Uses Polly, so its Polly.Core (8.5.2) is loaded into the default context.</summary>
[Cmdlet(VerbsCommon.Get, "ConflictingPolly")]
public sealed class GetConflictingPollyCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        var pipeline = new ResiliencePipelineBuilder().Build();
        WriteObject(pipeline.GetType().Assembly.GetName().Version?.ToString() + " " +
                    System.Diagnostics.FileVersionInfo.GetVersionInfo(pipeline.GetType().Assembly.Location).FileVersion);
    }
}
