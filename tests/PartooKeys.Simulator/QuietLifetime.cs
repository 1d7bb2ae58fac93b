using Microsoft.Extensions.Hosting;

namespace PartooKeys.Simulator;

/// <summary>Replaces the console lifetime: no Ctrl+C hook, no console messages.</summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
