using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Ctrl+C (PowerShell.Stop) after Partoo created a key for New-PartooApiKey -SecretName, before its secret is in the
/// vault: the key exists once and its secret is stored before the stop goes on, or the user is told which key it is,
/// how to check the vault and what to do. Nothing prints the secret. The stop is timed by events (StopProbes, the
/// simulator's log), never by time.
/// </summary>
public sealed class StopDuringSecretStoreTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30); // bounds a failing test only

    [Fact]
    public async Task CtrlCWhileSetSecretRunsStoresTheSecretOnceMoreBeforeTheStopGoesOn()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = await StopDuringSetSecret(session, "{ Wait-TestGate -Entered $started }");

        var created = AssertOneKeyNamed(session, result);
        Assert.True(StoredSecret(session) == created.Secret, $"key {created.Id} was created but its secret is not in the vault"); // never the secret in test output
        Assert.Contains("stored as 'RotatedKey'", Told(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlCWhileSetSecretRunsAndTheVaultThenFailsSaysHowToCheckAndWhatToDo()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = await StopDuringSetSecret(session, "{ Wait-TestGate -Entered $started; throw 'The vault is offline.' }");

        var created = AssertOneKeyNamed(session, result);
        Assert.True(StoredSecret(session) is null, "the double's vault failed: nothing is stored");
        var told = Told(result);
        Assert.Contains("Get-SecretInfo -Name RotatedKey", told, StringComparison.Ordinal);
        Assert.Contains("Set-Secret -Name RotatedKey", told, StringComparison.Ordinal);
        Assert.Contains($"Revoke-PartooApiKey -Id {created.Id}", told, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlCWhileTheCreateIsInFlightStoresTheSecretOfTheKeyPartooMade()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = await StopDuringCreate(session);

        var created = AssertOneKeyNamed(session, result);
        Assert.True(StoredSecret(session) == created.Secret, $"key {created.Id} was created but its secret is not in the vault");
    }

    [Fact]
    public async Task CtrlCWhileTheCreateIsInFlightAndTheVaultFailsTellsTheErrorOnTheHost()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Set-TestSecretGate { throw 'The vault is offline.' }");
        var result = await StopDuringCreate(session);

        var created = AssertOneKeyNamed(session, result);
        Assert.Contains("The vault is offline.", Told(result), StringComparison.Ordinal);
        Assert.Contains($"Revoke-PartooApiKey -Id {created.Id}", Told(result), StringComparison.Ordinal);
    }

    /// <summary>Runs New-PartooApiKey -SecretName RotatedKey; Ctrl+C while Partoo holds the create; Partoo answers once the stop reached the pipeline.</summary>
    private static async Task<EngineResult> StopDuringCreate(SimulatorSession session)
    {
        session.Simulator.Knobs.IncludeSecretInCreateAnswer = true;
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Hang, Method = "POST", PathContains = "/api_keys" });
        StopProbes.ImportInto(session.Shell);
        using var stopped = new ManualResetEventSlim();
        using var shell = session.Shell.Prepare("New-PartooApiKey -Label 'Rotated' -SecretName RotatedKey | Watch-PipelineStop -Stopped $stopped",
            new() { ["stopped"] = stopped });
        var output = new PSDataCollection<PSObject>();
        shell.BeginInvoke<PSObject, PSObject>(null, output);
        Assert.True(await session.Simulator.WaitForRequestsAsync(new RequestWait { Method = "POST" }), "the create never arrived");
        var stopping = Task.Run(shell.Stop);
        Assert.True(stopped.Wait(Safety), "the stop never reached the pipeline");
        session.Simulator.ReleaseHung(); // Partoo makes the key and answers, after the Ctrl+C
        await stopping.WaitAsync(Safety);
        session.Run("Set-TestSecretGate");
        return session.Shell.Collect(shell, output.ToList(), null);
    }

    /// <summary>Runs New-PartooApiKey -SecretName RotatedKey with the vault double's Set-Secret gated; Ctrl+C once the gate holds it.</summary>
    private static async Task<EngineResult> StopDuringSetSecret(SimulatorSession session, string gate)
    {
        session.Simulator.Knobs.IncludeSecretInCreateAnswer = true;
        StopProbes.ImportInto(session.Shell);
        using var started = new ManualResetEventSlim();
        session.Run("Set-TestSecretGate " + gate, new() { ["started"] = started });
        using var shell = session.Shell.Prepare("New-PartooApiKey -Label 'Rotated' -SecretName RotatedKey");
        var output = new PSDataCollection<PSObject>();
        shell.BeginInvoke<PSObject, PSObject>(null, output);
        Assert.True(started.Wait(Safety), "Set-Secret never started");
        await Task.Run(shell.Stop).WaitAsync(Safety); // Ctrl+C: stops the Set-Secret under way
        session.Run("Set-TestSecretGate");
        return session.Shell.Collect(shell, output.ToList(), null);
    }

    /// <summary>Partoo holds the key once; the user was told its id and label; no text anywhere holds its secret.</summary>
    private static SimKey AssertOneKeyNamed(SimulatorSession session, EngineResult result)
    {
        var created = Assert.Single(session.Simulator.Keys, k => k.Label == "Rotated");
        Assert.Contains($"API key {created.Id} 'Rotated'", Told(result), StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret, result.AllText(), StringComparison.Ordinal);
        return created;
    }

    /// <summary>Warnings, on their stream or (once the pipeline takes nothing more) on the host.</summary>
    private static string Told(EngineResult result) => string.Join("\n", result.Warnings.Select(w => w.Message)) + "\n" + result.HostText;

    private static string? StoredSecret(SimulatorSession session) =>
        session.Run("Get-Secret -Name RotatedKey -AsPlainText -ErrorAction SilentlyContinue").Output.SingleOrDefault()?.BaseObject as string;
}
