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
    private static readonly string[] Variables = ["PARTOO_VAULT", "PARTOO_SECRET_NAME", "PARTOO_ENVIRONMENT", "PARTOO_BASE_URI", "PARTOO_API_KEY"];

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
    public void NoConnectionAndNoVariableSaysHowToPassOneAndReadsNothing()
    {
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", "a-key-that-must-not-be-used");
        var result = shell.Run("Get-PartooApiKey");
        var error = result.AnyError();
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.StartsWith("GetPartooApiKeyNotConnected", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("-Connection $using:", error.ErrorDetails.RecommendedAction);
        Assert.Contains("Connect-Partoo", error.ErrorDetails.RecommendedAction);
        Assert.Empty(shell.Run("Get-PartooConnection").Output); // no connection made behind the user's back
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
    public void APlainHttpAddressToARemoteHostIsRefusedAndNothingIsSent()
    {
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", "k");
        Environment.SetEnvironmentVariable("PARTOO_BASE_URI", "http://partoo.example/v2");
        var error = shell.Run("Get-PartooApiKey").AnyError();
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("unencrypted", error.ToString());
        Assert.Contains("PARTOO_ALLOW_UNENCRYPTED_AUTHENTICATION", error.ToString());
        Assert.Empty(shell.Run("Get-PartooConnection").Output);
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

/// <summary>PARTOO_API_KEY (issue 13): read once, never shown, below explicit parameters.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ApiKeyVariableTests : IDisposable
{
    public void Dispose()
    {
        foreach (var name in new[] { "PARTOO_API_KEY", "PARTOO_BASE_URI", "PARTOO_VAULT" }) Environment.SetEnvironmentVariable(name, null);
    }

    [Fact]
    public async Task ConnectPartooUsesTheVariableAndNeverShowsIt()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        Environment.SetEnvironmentVariable("PARTOO_API_KEY", sim.CallerKey);
        var result = shell.Run("Connect-Partoo -BaseUri $u -PassThru -Verbose; Get-PartooApiKey -Id 1001 -Verbose -Debug", new() { ["u"] = sim.BaseUri });
        Assert.Empty(result.Errors);
        Assert.Equal(PartooKeySource.EnvironmentVariable, result.Objects<PartooConnection>().Single().KeySource);
        Assert.Equal(sim.CallerKey, Assert.Single(sim.Requests).ApiKeyHeader);
        Assert.DoesNotContain(sim.CallerKey, result.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplicitParametersWinOverTheVariable()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", sim.CallerKey);
        Environment.SetEnvironmentVariable("PARTOO_API_KEY", "the-variables-key");
        var fromVault = shell.Run("Connect-Partoo -Vault TestVault -BaseUri $u -PassThru", new() { ["u"] = sim.BaseUri }).Objects<PartooConnection>().Single();
        Assert.Equal(PartooKeySource.SecretManagement, fromVault.KeySource);
        var fromParameter = shell.Run("Connect-Partoo -ApiKey $k -BaseUri $u -PassThru", new() { ["k"] = PowerShellSession.Secure(sim.CallerKey), ["u"] = sim.BaseUri }).Objects<PartooConnection>().Single();
        Assert.Equal(PartooKeySource.ApiKeyParameter, fromParameter.KeySource);
        shell.Run("Get-PartooApiKey -Id 1001");
        Assert.Equal(sim.CallerKey, Assert.Single(sim.Requests).ApiKeyHeader);
    }

    [Fact]
    public async Task TheFirstCmdletConnectsFromTheVariableAlone()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        Environment.SetEnvironmentVariable("PARTOO_API_KEY", sim.CallerKey);
        Environment.SetEnvironmentVariable("PARTOO_BASE_URI", sim.BaseUri.ToString());
        var result = shell.Run("Get-PartooApiKey -Id 1001; Get-PartooConnection");
        Assert.Empty(result.Errors);
        Assert.Equal(PartooKeySource.EnvironmentVariable, result.Objects<PartooConnection>().Single().KeySource);
        Assert.Equal(sim.CallerKey, Assert.Single(sim.Requests).ApiKeyHeader);
    }

    [Theory]
    [InlineData("Connect-Partoo -BaseUri http://127.0.0.1:9/v2", "ConnectPartooInvalidEnvironmentVariable")]
    [InlineData("Get-PartooApiKey", "GetPartooApiKeyInvalidEnvironmentVariable")]
    public void AnEmptyVariableIsRefused(string script, string errorId)
    {
        using var shell = new PowerShellSession();
        Environment.SetEnvironmentVariable("PARTOO_API_KEY", "   ");
        var error = shell.Run(script).AnyError();
        Assert.StartsWith(errorId, error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("PARTOO_API_KEY", error.ToString());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Empty(shell.Run("Get-PartooConnection").Output);
    }
}
