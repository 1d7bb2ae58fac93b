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

/// <summary>The connected key (a canary) never shows up while keys are created, changed or revoked, errors included.</summary>
public sealed class ChangeSecretHygieneTests
{
    private const string Canary = "CANARY-2b9d4e6f-partoo-key-do-not-print";

    [Fact]
    public async Task TheKeyAppearsNowhereWhenKeysChange()
    {
        var seed = SeedData.Standard();
        seed.Single(k => k.Id == 1001).Secret = Canary;
        await using var sim = await PartooSimulator.StartAsync(seed);
        using var shell = new PowerShellSession();
        shell.Connect(sim, key: Canary);
        var all = new System.Text.StringBuilder();
        void Check(string script)
        {
            var text = shell.Run(script).AllText();
            all.Append(text);
            Assert.DoesNotContain(Canary, text, StringComparison.Ordinal);
        }

        Check("New-PartooApiKey -Label 'No secret' -Permission review_read -Verbose -Debug");
        Check("New-PartooApiKey -Label 'No secret' -SecretName Stored -Verbose -Debug");
        sim.Knobs.IncludeSecretInCreateAnswer = true;
        Check("New-PartooApiKey -Label 'With secret' -Verbose -Debug | Out-Default");
        Check("New-PartooApiKey -Label 'Stored' -SecretName Stored -Verbose -Debug");
        Check("New-PartooApiKey -Label 'x' -SecretName Stored -Vault Nowhere -Verbose -Debug");
        Check("New-PartooApiKey -Label 'x' -Permission made_up -Verbose -Debug");
        Check("New-PartooApiKey -Label ' ' -Verbose -Debug");
        Check("Set-PartooApiKey -Id 1002 -Label 'Renamed' -AddPermission review_reply -PassThru -Verbose -Debug | Out-Default");
        Check("Set-PartooApiKey -Id 1002, 999999 -Description 'x' -WhatIf -Verbose -Debug");
        Check("Set-PartooApiKey -Id 1002 -IpWhitelist 'bad' -Verbose -Debug");
        Check("Set-PartooApiKey -Id 1002 -Permission a -Unrestricted -Verbose -Debug");
        sim.Knobs.ForbiddenIds.Add(1003);
        Check("1003, 999999 | Set-PartooApiKey -Label 'x' -Verbose -Debug");
        Check("1003, 999999, 1004 | Revoke-PartooApiKey -Force -Verbose -Debug");
        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html503, PathContains = "search_text=", MaxTimes = 1 });
        Check("Revoke-PartooApiKey -Id 1008 -Force -Verbose -Debug");
        Check("Revoke-PartooApiKey -Id 1009 -Force -PassThru -Verbose -Debug | Out-Default");
        Check("Revoke-PartooApiKey -Id 1001 -Confirm:$false -Verbose -Debug");
        Check("Revoke-PartooApiKey -Id 1001 -Force -Verbose -Debug");
        Check("Revoke-PartooApiKey -Id 1010 -Force -Verbose -Debug; Set-PartooApiKey -Id 1010 -Label x -Verbose -Debug; New-PartooApiKey -Label x -Verbose -Debug");
        Check("$Error | ForEach-Object { $_.ToString(); $_.Exception.ToString(); $_.ErrorDetails; $_.TargetObject; $_.ScriptStackTrace }");

        var text = all.ToString();
        Assert.Contains("search_text=***", text, StringComparison.Ordinal);           // the own-key lookup happened
        Assert.Contains("RevokePartooApiKeyUnauthorized", text, StringComparison.Ordinal); // and the session lost access
    }
}
