using PartooKeys.Simulator;

namespace PartooKeys.Tests.Infrastructure;

/// <summary>A simulator and a connected engine session, torn down together.</summary>
public sealed class SimulatorSession : IAsyncDisposable
{
    private SimulatorSession(PartooSimulator simulator, PowerShellSession shell)
    {
        Simulator = simulator;
        Shell = shell;
    }

    public PartooSimulator Simulator { get; }
    public PowerShellSession Shell { get; }

    public static async Task<SimulatorSession> StartAsync(IEnumerable<SimKey>? seed = null, bool connect = true, string connectParameters = "")
    {
        var simulator = await PartooSimulator.StartAsync(seed);
        var shell = new PowerShellSession();
        if (connect)
        {
            shell.Connect(simulator, parameters: connectParameters);
            simulator.ClearRequests();
        }
        return new SimulatorSession(simulator, shell);
    }

    public EngineResult Run(string script, Dictionary<string, object?>? variables = null)
    {
        variables ??= new();
        variables["sim"] = Simulator;
        return Shell.Run(script, variables);
    }

    public async ValueTask DisposeAsync()
    {
        Shell.Dispose();
        await Simulator.DisposeAsync();
    }
}
