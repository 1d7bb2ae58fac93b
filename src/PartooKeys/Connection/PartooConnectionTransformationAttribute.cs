using System;
using System.Linq;
using System.Management.Automation;

namespace PartooKeys.Connection;

/// <summary>
/// -Connection accepts a live PartooKeys connection only; anything else (null, another object, a
/// deserialized copy from Start-Job or Import-Clixml) fails at binding with what to do instead.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class PartooConnectionTransformationAttribute : ArgumentTransformationAttribute
{
    private const string DeserializedTypeName = "Deserialized.PartooKeys.PartooConnection";

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is PartooConnection) return value;
        if (value is null)
            throw new ArgumentTransformationMetadataException(
                "-Connection is null, so nothing was sent. Keep the connection Connect-Partoo returns with -PassThru ($partoo = Connect-Partoo -PassThru) and pass it as -Connection $partoo, or -Connection $using:partoo in ForEach-Object -Parallel and Start-ThreadJob.");
        if (inputData is PSObject shape && shape.TypeNames.Any(t => t == DeserializedTypeName))
            throw new ArgumentTransformationMetadataException(
                "This PartooKeys connection was deserialized (Start-Job, Import-Clixml or remoting) and lost its client and key, so nothing was sent. Pass a connection only inside one process (ForEach-Object -Parallel or Start-ThreadJob with -Connection $using:partoo), or run Connect-Partoo inside the job.");
        throw new ArgumentTransformationMetadataException(
            $"-Connection takes a PartooKeys connection (from Connect-Partoo -PassThru or Get-PartooConnection); this is a {value.GetType().FullName}, so nothing was sent.");
    }
}
