using System.Net;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// The README's "change keys safely" block, line for line, against the simulator. Only Get-Date (absent
/// from the hosted engine) is replaced, and the vault is the test double.
/// </summary>
public sealed class ReadmeChangeKeysTests
{
    [Fact]
    public async Task TheReadmeRotationWorks()
    {
        var readme = File.ReadAllText(Path.Combine(Paths.RepoRoot, "README.md"));
        var start = readme.IndexOf("# Least privilege:", StringComparison.Ordinal);
        var block = readme.Substring(start, readme.IndexOf("```", start, StringComparison.Ordinal) - start);
        Assert.Contains("-SecretName CrmSyncKey -Vault PartooVault -WarningAction Stop", block);
        Assert.Contains("Get-PartooApiKey -Status Expired | Revoke-PartooApiKey -WhatIf", block);

        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.IncludeSecretInCreateAnswer = true;
        session.Run("Register-TestSecretVault -Name PartooVault");
        var result = session.Run(block.Replace("(Get-Date)", "([datetime]::Now)", StringComparison.Ordinal));

        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        Assert.Null(result.Terminating);
        var successor = session.Simulator.FindKey(1017)!;
        Assert.Equal(["business_edit", "business_edit_hours", "review_read"], successor.Permissions);
        Assert.Equal(["198.51.100.0/24"], successor.IpWhitelist);
        Assert.True(session.Simulator.FindKey(1002)!.Disabled);
        Assert.True(session.Simulator.FindKey(1006)!.Disabled);
        Assert.True(session.Simulator.FindKey(1007)!.Disabled);
        var stored = session.Run("Get-Secret -Name CrmSyncKey -Vault PartooVault").Output.Single().BaseObject;
        Assert.True(successor.Secret == new NetworkCredential(string.Empty, (System.Security.SecureString)stored).Password);
        Assert.DoesNotContain(successor.Secret, result.AllText(), StringComparison.Ordinal);
    }
}
