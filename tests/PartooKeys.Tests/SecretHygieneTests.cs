using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// The key (a canary) never shows up: not in output objects or their ToString, any of the six
/// streams, the host, ErrorRecords, exception chains, ErrorDetails, Get-PartooConnection or $Error.
/// </summary>
public sealed class SecretHygieneTests
{
    private const string Canary = "CANARY-7f3a9c1e-partoo-key-do-not-print";

    /// <summary>Every script a user could run against the connection, success and failure paths.</summary>
    public static readonly string[] Scripts =
    [
        "Get-PartooConnection -Verbose -Debug",
        "Get-PartooConnection | Out-Default",
        "Get-PartooConnection | ForEach-Object { $_.ToString() }",
        "Get-PartooApiKey -Verbose -Debug",
        "Get-PartooApiKey -Verbose -Debug | Out-Default",
        "Get-PartooApiKey -Status Expired -Type Bot -IncludeTotalCount -First 3 -Verbose -Debug",
        "Get-PartooApiKey -Id 1001, 999999 -Verbose -Debug",
        "Get-PartooApiKey -Id 1001 -IncludeAllPermissions -Verbose -Debug | ForEach-Object { $_.ToString() }",
        $"Get-PartooApiKey -SearchText '{Canary}' -Verbose -Debug",
        "Get-PartooApiKey -KeyValue $canary -Verbose -Debug",
        "Get-PartooApiKeyAudit -Verbose -Debug | Out-Default",
        "Get-PartooApiKeyAudit -Status Inactive -Summary -Verbose -Debug | Out-Default",
        "Get-PartooApiKey -Id 1001, 1011 | Get-PartooApiKeyAudit -Verbose -Debug | ForEach-Object { $_.ToString(); $_.ApiKey.ToString() }",
        "Get-PartooPermission -Verbose -Debug | Out-Default",
        "Get-PartooPermission -Name review_raed, post_* -Refresh -Verbose -Debug | ForEach-Object { $_.ToString() }",
        "Set-PartooApiKey -Id 1002 -AddPermission review_raed -Verbose -Debug -Confirm:$false",
        "Connect-Partoo -ApiKey $canary -BaseUri $sim.BaseUri -RetryBaseDelaySec 0.01 -PassThru -Verbose -Debug",
        "Connect-Partoo -SecretName NoSuchSecret -Verbose -Debug",
        "Connect-Partoo -Vault NoSuchVault -Verbose -Debug",
    ];

    public static TheoryData<string> Faults() => new() { "401", "403", "404", "400", "429", "503-html", "200-html", "reset", "timeout", "cancel" };

    private static async Task<(PartooSimulator, PowerShellSession)> StartAsync()
    {
        var seed = SeedData.Standard();
        seed.Single(k => k.Id == 1001).Secret = Canary;
        var sim = await PartooSimulator.StartAsync(seed);
        var shell = new PowerShellSession();
        shell.Connect(sim, key: Canary, parameters: "-TimeoutSec 1 -MaxRetryAttempts 1");
        shell.Runspace.SessionStateProxy.SetVariable("canary", PowerShellSession.Secure(Canary));
        shell.Runspace.SessionStateProxy.SetVariable("sim", sim);
        return (sim, shell);
    }

    private static void AssertNoCanary(EngineResult result) =>
        Assert.DoesNotContain(Canary, result.AllText(), StringComparison.Ordinal);

    private static void AssertNoCanaryInErrorVariable(PowerShellSession shell) =>
        AssertNoCanary(shell.Run("$Error | ForEach-Object { $_.ToString(); $_.Exception.ToString(); $_.ErrorDetails; $_.ScriptStackTrace; $_.TargetObject; $_.CategoryInfo }; Get-PartooConnection | Out-Default"));

    [Fact]
    public async Task EveryCmdletAndParameterSetKeepsTheKeyOut()
    {
        var (sim, shell) = await StartAsync();
        await using var _ = sim;
        using var __ = shell;
        foreach (var script in Scripts) AssertNoCanary(shell.Run(script));
        AssertNoCanaryInErrorVariable(shell);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task EveryErrorPathKeepsTheKeyOut(string fault)
    {
        var (sim, shell) = await StartAsync();
        await using var _ = sim;
        using var __ = shell;
        switch (fault)
        {
            case "401": shell.Connect(sim, key: Canary + "-revoked", parameters: "-MaxRetryAttempts 0"); break;
            case "403": sim.UpdateKey(1001, k => k.CanManageKeys = false); break;
            case "400": sim.Knobs.Override = _ => (400, "application/json", """{"error": {"json": {"per_page": ["Too big."]}}}"""); break;
            case "404": break; // 999999 below
            case "429": sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit429, RetryAfterSeconds = 0 }); break;
            case "503-html": sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html503 }); break;
            case "200-html": sim.Knobs.Override = _ => (200, "text/html", "<html><body>Maintenance</body></html>"); break;
            case "reset": sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Reset }); break;
            case "timeout": sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Hang }); break;
        }

        if (fault == "cancel")
        {
            sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Hang });
            using var running = shell.Prepare("Get-PartooApiKey -Verbose -Debug");
            var invocation = running.BeginInvoke();
            Assert.True(await sim.WaitForRequestsAsync(new RequestWait()), "the request was never sent");
            running.Stop();
            AssertNoCanary(shell.Collect(running, [], invocation.IsCompleted ? null : new PipelineStoppedException()));
        }
        else
        {
            foreach (var script in new[] { "Get-PartooApiKey -Verbose -Debug", "Get-PartooApiKey -Id 1001, 1002, 999999 -Verbose -Debug", "Get-PartooApiKey -KeyValue $canary -Verbose -Debug" })
            {
                var result = shell.Run(script);
                Assert.True(fault == "404" || result.Errors.Count > 0 || result.Terminating is not null, $"{fault}: {script} reported no error");
                AssertNoCanary(result);
            }
        }
        AssertNoCanaryInErrorVariable(shell);
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
