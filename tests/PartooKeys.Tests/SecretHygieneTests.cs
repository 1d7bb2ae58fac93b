using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>The key (a canary) never shows up in any stream, object, error or exception.</summary>
public sealed class SecretHygieneTests
{
    private const string Canary = "CANARY-7f3a9c1e-partoo-key-do-not-print";

    [Fact]
    public async Task TheKeyAppearsNowhere()
    {
        var seed = SeedData.Standard();
        seed.Single(k => k.Id == 1001).Secret = Canary;
        await using var sim = await PartooSimulator.StartAsync(seed);
        using var shell = new PowerShellSession();
        shell.Connect(sim, key: Canary);
        var scripts = new[]
        {
            "Get-PartooConnection -Verbose -Debug",
            "Get-PartooConnection | Out-Default",
            "Get-PartooApiKey -Verbose -Debug",
            "Get-PartooApiKey -Verbose -Debug | Out-Default",
            "Get-PartooApiKey -Id 1001, 999999 -Verbose -Debug",
            $"Get-PartooApiKey -SearchText '{Canary}' -Verbose -Debug",
            "Get-PartooApiKey -Id 1001 -IncludeAllPermissions -Verbose -Debug | ForEach-Object { $_.ToString() }",
            "$Error | ForEach-Object { $_.ToString(); $_.Exception.ToString(); $_.ErrorDetails; $_.ScriptStackTrace }",
        };
        foreach (var script in scripts)
        {
            var result = shell.Run(script);
            Assert.DoesNotContain(Canary, result.AllText(), StringComparison.Ordinal);
        }

        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html503 });
        Assert.DoesNotContain(Canary, shell.Run("Get-PartooApiKey -Verbose -Debug").AllText(), StringComparison.Ordinal);
        sim.Knobs.Faults.Clear();
        sim.Knobs.ForbiddenIds.Add(1002);
        Assert.DoesNotContain(Canary, shell.Run("Get-PartooApiKey -Id 1002 -Verbose -Debug").AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, shell.Run("$Error | ForEach-Object { $_.ToString(); $_.Exception.ToString() }").AllText(), StringComparison.Ordinal);

        // The wrong key: 401 everywhere.
        using var other = new PowerShellSession();
        other.Connect(sim, key: Canary + "-wrong");
        Assert.DoesNotContain(Canary, other.Run("Get-PartooApiKey -Verbose -Debug; Get-PartooApiKey -Id 1001 -Verbose -Debug; $Error | ForEach-Object { $_.Exception.ToString() }").AllText(), StringComparison.Ordinal);
    }
}
