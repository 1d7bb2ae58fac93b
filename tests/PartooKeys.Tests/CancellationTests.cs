using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Ctrl+C (PowerShell.Stop) cancels the request in flight.</summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task StoppingMidListingEndsAtOnce()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(500));
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Hang, PathContains = "page=3" });
        using var shell = session.Shell.Prepare("Get-PartooApiKey | ForEach-Object Id");
        var output = new PSDataCollection<PSObject>();
        var twoPages = output.WhenCount(200);
        var invocation = shell.BeginInvoke<PSObject, PSObject>(null, output);
        await twoPages.WaitAsync(TimeSpan.FromSeconds(30)); // a TimeoutException: pages 1 and 2 were not written
        Assert.True(await session.Simulator.WaitForRequestsAsync(new RequestWait { PathContains = "page=3" }), "page 3 was never asked for");

        // Page 3 never answers and the client would wait 100 s for it: Stop must cancel it (well within 30 s).
        await Task.Run(shell.Stop).WaitAsync(TimeSpan.FromSeconds(30)); // a TimeoutException: Ctrl+C did not cancel the request in flight
        Assert.True(invocation.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Equal(200, output.Count); // the two pages before the one that hangs
    }
}
