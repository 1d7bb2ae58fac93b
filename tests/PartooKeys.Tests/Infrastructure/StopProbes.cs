using System.Management.Automation;

namespace PartooKeys.Tests.Infrastructure;

/// <summary>
/// Two cmdlets that let a test time a Ctrl+C (PowerShell.Stop) by events, imported with <see cref="ImportInto"/>.
/// The engine stops a running nested pipeline (a module's PowerShell.Create(RunspaceMode.CurrentRunspace)) first and
/// waits for it to end, then calls StopProcessing on the commands of the pipeline itself.
/// </summary>
public static class StopProbes
{
    public static void ImportInto(PowerShellSession shell)
    {
        var import = shell.Run("Import-Module -Assembly $a", new() { ["a"] = typeof(StopProbes).Assembly });
        if (import.Terminating is not null || import.Errors.Count > 0) throw new InvalidOperationException("Importing the stop probes failed.");
    }
}

/// <summary>Watch-PipelineStop -Stopped $event: passes its input on; sets the event when the stop reaches its pipeline.</summary>
[Cmdlet(VerbsCommon.Watch, "PipelineStop")]
public sealed class WatchPipelineStopCommand : Cmdlet
{
    [Parameter(Mandatory = true)]
    public ManualResetEventSlim Stopped { get; set; } = null!;

    [Parameter(ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null) WriteObject(InputObject);
    }

    protected override void StopProcessing() => Stopped.Set();
}

/// <summary>
/// Wait-TestGate -Entered $e: holds the first call only. It sets -Entered, then waits until its pipeline is stopped;
/// a later call (-Entered already set) returns at once.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "TestGate")]
public sealed class WaitTestGateCommand : Cmdlet
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30); // bounds a failing test only
    private readonly ManualResetEventSlim _stopped = new();

    [Parameter(Mandatory = true)]
    public ManualResetEventSlim Entered { get; set; } = null!;

    protected override void ProcessRecord()
    {
        if (Entered.IsSet) return;
        Entered.Set();
        _stopped.Wait(Safety);
    }

    protected override void StopProcessing() => _stopped.Set();
}
