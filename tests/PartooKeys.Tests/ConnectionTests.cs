using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Connect-Partoo / Get-PartooConnection / Disconnect-Partoo and reading the key from SecretManagement.</summary>
[Collection(EnvironmentCollection.Name)] // no PARTOO_* variable may be set while these run
public sealed class ConnectionTests
{
    [Fact]
    public async Task ConnectsWithTheDefaultSecretFromTheDefaultVault()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", sim.CallerKey);
        var connect = shell.Run("Connect-Partoo -BaseUri $u -PassThru", new() { ["u"] = sim.BaseUri });
        Assert.Empty(connect.Errors);
        var info = Assert.Single(connect.Objects<PartooConnection>());
        Assert.Equal("PartooApiKey", info.SecretName);
        Assert.Null(info.Vault);
        Assert.Equal(PartooKeySource.SecretManagement, info.KeySource);
        Assert.Equal(PartooEnvironment.Custom, info.Environment);
        Assert.Equal(sim.BaseUri, info.BaseUri);
        Assert.Empty(sim.Requests); // connecting reads the vault, not Partoo

        var keys = shell.Run("Get-PartooApiKey");
        Assert.Empty(keys.Errors);
        Assert.Equal(sim.Keys.Count, keys.Output.Count);
        Assert.All(sim.Requests, r => Assert.Equal(sim.CallerKey, r.ApiKeyHeader));
    }

    [Fact]
    public async Task ReadsANamedSecretFromANamedVault()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        shell.Run("Register-TestSecretVault -Name Ops");
        shell.StoreSecret("PartooProd", sim.CallerKey, vault: "Ops");
        var result = shell.Run("Connect-Partoo -Vault Ops -SecretName PartooProd -BaseUri $u; Get-PartooConnection; Get-PartooApiKey -Id 1001",
            new() { ["u"] = sim.BaseUri });
        Assert.Empty(result.Errors);
        var info = Assert.Single(result.Objects<PartooConnection>());
        Assert.Equal("Ops", info.Vault);
        Assert.Equal("PartooProd", info.SecretName);
        Assert.Equal(1001, Assert.Single(result.Objects<ApiKey>()).Id);
    }

    [Fact]
    public async Task AcceptsAPSCredentialSecretAndUsesItsPassword()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        var credential = new PSCredential("partoo", PowerShellSession.Secure(sim.CallerKey));
        shell.StoreSecret("PartooApiKey", credential);
        var result = shell.Run("Connect-Partoo -BaseUri $u; Get-PartooApiKey -Id 1001", new() { ["u"] = sim.BaseUri });
        Assert.Empty(result.Errors);
        Assert.Single(result.Objects<ApiKey>());
        Assert.Equal(sim.CallerKey, Assert.Single(sim.Requests).ApiKeyHeader);
    }

    [Fact]
    public async Task AcceptsAKeyGivenAsASecureString()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        var result = shell.Run("Connect-Partoo -ApiKey $k -BaseUri $u -PassThru; Get-PartooApiKey -Id 1001",
            new() { ["k"] = PowerShellSession.Secure(sim.CallerKey), ["u"] = sim.BaseUri });
        Assert.Empty(result.Errors);
        var info = Assert.Single(result.Objects<PartooConnection>());
        Assert.Equal(PartooKeySource.ApiKeyParameter, info.KeySource);
        Assert.Null(info.SecretName);
        Assert.Single(result.Objects<ApiKey>());
    }

    [Theory]
    [InlineData("Production", "https://api.partoo.co/v2/")]
    [InlineData("Sandbox", "https://api.sandbox.partoo.co/v2/")]
    public void EnvironmentChoosesPartoosAddress(string environment, string expected)
    {
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", "k");
        var info = Assert.Single(shell.Run("Connect-Partoo -Environment $e -PassThru", new() { ["e"] = environment }).Objects<PartooConnection>());
        Assert.Equal(new Uri(expected), info.BaseUri);
        Assert.Equal(environment, info.Environment.ToString());
        Assert.Equal(100, info.TimeoutSec);
        Assert.StartsWith("PartooKeys/" + Paths.ModuleVersion, info.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendsTheUserAgentWithTheModuleVersion()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Get-PartooApiKey -Id 1001");
        Assert.Equal("PartooKeys/" + Paths.ModuleVersion, Assert.Single(session.Simulator.Requests).UserAgent);
    }

    [Fact]
    public void AMissingSecretSaysHowToStoreIt()
    {
        using var shell = new PowerShellSession();
        var result = shell.Run("Connect-Partoo -SecretName NoSuchSecret");
        var error = result.AnyError();
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.StartsWith("ConnectPartooSecretNotFound", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("NoSuchSecret", error.ToString());
        Assert.Contains("Set-Secret -Name NoSuchSecret", error.ErrorDetails.RecommendedAction);
        Assert.Empty(shell.Run("Get-PartooConnection").Output);
    }

    [Fact]
    public void AnUnknownVaultIsObjectNotFound()
    {
        using var shell = new PowerShellSession();
        var error = shell.Run("Connect-Partoo -Vault NoSuchVault").AnyError();
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.StartsWith("ConnectPartooVaultNotFound", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("NoSuchVault", error.ToString());
        Assert.Contains("Get-SecretVault", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void NoDefaultVaultIsAClearReadError()
    {
        using var shell = new PowerShellSession();
        shell.Run("Clear-TestSecretVault -NoDefaultVault");
        var error = shell.Run("Connect-Partoo").AnyError();
        Assert.StartsWith("ConnectPartooSecretReadFailed", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("no registered vaults", error.ToString());
    }

    [Fact]
    public void ASecretOfAnotherTypeIsRefused()
    {
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", new System.Collections.Hashtable { ["key"] = "x" });
        var error = shell.Run("Connect-Partoo").AnyError();
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Contains("Hashtable", error.ToString());
    }

    [Theory]
    [InlineData("ftp://example.com/v2")]
    [InlineData("/relative/path")]
    public void ABaseUriThatIsNotHttpIsRefused(string uri)
    {
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", "k");
        var error = shell.Run("Connect-Partoo -BaseUri $u", new() { ["u"] = uri }).AnyError();
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains(uri, error.ToString());
        Assert.Empty(shell.Run("Get-PartooConnection").Output);
    }

    [Fact]
    public async Task DisconnectForgetsTheConnection()
    {
        await using var session = await SimulatorSession.StartAsync();
        Assert.Single(session.Run("Get-PartooConnection").Output);
        session.Run("Disconnect-Partoo");
        Assert.Empty(session.Run("Get-PartooConnection").Output);
    }

    [Fact]
    public async Task TwoRunspacesNeverShareAConnection()
    {
        await using var simA = await PartooSimulator.StartAsync();
        await using var simB = await PartooSimulator.StartAsync();
        using var a = new PowerShellSession();
        using var b = new PowerShellSession();
        a.Connect(simA);
        Assert.Empty(b.Run("Get-PartooConnection").Output);
        b.Connect(simB);
        simA.ClearRequests();
        simB.ClearRequests();
        a.Run("Get-PartooApiKey -Id 1001");
        Assert.Single(simA.Requests);
        Assert.Empty(simB.Requests);
        Assert.Equal(simA.BaseUri, Assert.Single(a.Run("Get-PartooConnection").Objects<PartooConnection>()).BaseUri);
        Assert.Equal(simB.BaseUri, Assert.Single(b.Run("Get-PartooConnection").Objects<PartooConnection>()).BaseUri);
    }
}
