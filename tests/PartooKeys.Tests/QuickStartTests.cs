using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// The README quick start, line for line, against the simulator. Only what the hosted engine lacks is
/// replaced: Read-Host (the key comes in $typedKey), Register-SecretVault (the test vault double),
/// Export-Csv (ForEach-Object), and the Partoo address (-BaseUri of the simulator).
/// </summary>
public sealed class QuickStartTests
{
    [Fact]
    public async Task TheReadmeQuickStartWorks()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        var readme = File.ReadAllText(Path.Combine(Paths.RepoRoot, "README.md"));
        Assert.Contains("Set-Secret -Name PartooApiKey -Vault PartooVault -Secret (Read-Host -AsSecureString 'Partoo API key')", readme);
        Assert.Contains("Connect-Partoo -Vault PartooVault", readme);
        Assert.Contains("Get-PartooApiKey -Status Expired -Type Bot | Export-Csv expired-bot-keys.csv -NoTypeInformation", readme);
        Assert.Contains("1001, 1002 | Get-PartooApiKey -IncludeAllPermissions", readme);

        var result = shell.Run("""
            Register-TestSecretVault -Name PartooVault -DefaultVault
            Set-Secret -Name PartooApiKey -Vault PartooVault -Secret $typedKey
            Connect-Partoo -Vault PartooVault -BaseUri $uri
            Get-PartooConnection
            Get-PartooApiKey -Status Expired -Type Bot | ForEach-Object { "csv:$($_.Id),$($_.Label),$($_.Status)" }
            Get-PartooApiKey -Status Active | Where-Object { -not $_.HasRestrictedPermissions } | ForEach-Object { "open:$($_.Id)" }
            1001, 1002 | Get-PartooApiKey -IncludeAllPermissions
            """, new() { ["typedKey"] = PowerShellSession.Secure(sim.CallerKey), ["uri"] = sim.BaseUri });

        Assert.Empty(result.Errors);
        Assert.Equal("PartooVault", Assert.Single(result.Objects<PartooConnection>()).Vault);
        var rows = result.Objects<string>().ToList();
        Assert.Contains("csv:1006,Expired bot,Expired", rows);
        Assert.Contains(rows, r => r.StartsWith("open:", StringComparison.Ordinal));
        Assert.Equal([1001, 1002], result.Objects<ApiKey>().Select(k => k.Id));
    }
}
