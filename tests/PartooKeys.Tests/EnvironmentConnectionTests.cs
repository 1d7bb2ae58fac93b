using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Tests that set process environment variables (or need them unset) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Process environment variables";
}

/// <summary>With no Connect-Partoo, the first API cmdlet connects from PARTOO_* variables: a runbook is one line.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class EnvironmentConnectionTests : IDisposable
{
    private static readonly string[] Variables = ["PARTOO_VAULT", "PARTOO_SECRET_NAME", "PARTOO_ENVIRONMENT", "PARTOO_BASE_URI"];

    public void Dispose()
    {
        foreach (var name in Variables) Environment.SetEnvironmentVariable(name, null);
    }

    [Fact]
    public async Task FirstCmdletConnectsFromTheEnvironmentVariables()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        shell.Run("Register-TestSecretVault -Name Automation");
        shell.StoreSecret("RunbookKey", sim.CallerKey, vault: "Automation");
        Environment.SetEnvironmentVariable("PARTOO_VAULT", "Automation");
        Environment.SetEnvironmentVariable("PARTOO_SECRET_NAME", "RunbookKey");
        Environment.SetEnvironmentVariable("PARTOO_BASE_URI", sim.BaseUri.ToString());

        var result = shell.Run("Get-PartooApiKey -Status Expired -Type Bot | ForEach-Object Id; Get-PartooConnection");
        Assert.Empty(result.Errors);
        var info = Assert.Single(result.Objects<PartooConnection>());
        Assert.Equal("Environment variables", info.ConnectedBy);
        Assert.Equal("Automation", info.Vault);
        Assert.Equal("RunbookKey", info.SecretName);
        var expected = sim.Keys.Where(k => !k.Disabled && k.ExpirationDate < DateOnly.FromDateTime(DateTime.UtcNow) && k.UserType == "bot").Select(k => k.Id);
        Assert.Equal(expected, result.Objects<int>());
    }

    [Fact]
    public void NoConnectionAndNoSecretTellsHowToConnect()
    {
        using var shell = new PowerShellSession();
        var error = shell.Run("Get-PartooApiKey").AnyError();
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.StartsWith("GetPartooApiKeySecretNotFound", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("Set-Secret -Name PartooApiKey", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void AnUnknownEnvironmentNameIsRefused()
    {
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", "k");
        Environment.SetEnvironmentVariable("PARTOO_ENVIRONMENT", "Prod");
        var error = shell.Run("Get-PartooApiKey").AnyError();
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("PARTOO_ENVIRONMENT", error.ToString());
        Assert.Contains("'Prod'", error.ToString());
    }

    [Fact]
    public void SandboxFromTheEnvironment()
    {
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", "k");
        Environment.SetEnvironmentVariable("PARTOO_ENVIRONMENT", "sandbox");
        // -First 0 asks for nothing: the connection is made, no request is sent.
        shell.Run("Get-PartooApiKey -First 0");
        var info = Assert.Single(shell.Run("Get-PartooConnection").Objects<PartooConnection>());
        Assert.Equal(PartooEnvironment.Sandbox, info.Environment);
        Assert.Equal(new Uri("https://api.sandbox.partoo.co/v2/"), info.BaseUri);
    }
}
