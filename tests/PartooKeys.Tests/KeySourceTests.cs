using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Which key reaches Partoo when several sources offer one (Connect-Partoo's help: -ApiKey, -Credential,
/// -Vault/-SecretName, then PARTOO_API_KEY, then the default vault's PartooApiKey; with no connection,
/// PARTOO_VAULT/PARTOO_SECRET_NAME, then PARTOO_API_KEY, then the default vault). Every source holds the
/// secret of a different seed key, so the key id the simulator resolved names the source; no secret is shown.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class KeySourceTests : IDisposable
{
    private static readonly string[] Variables = ["PARTOO_VAULT", "PARTOO_SECRET_NAME", "PARTOO_ENVIRONMENT", "PARTOO_BASE_URI", "PARTOO_API_KEY"];

    // The seed key whose secret each source holds.
    private const int ApiKeyParameter = 1003, CredentialParameter = 1002, OpsVault = 1009, OtherSecret = 1016, KeyVariable = 1015, DefaultSecret = 1008;

    public void Dispose()
    {
        foreach (var name in Variables) Environment.SetEnvironmentVariable(name, null);
    }

    private static string Secret(int id) => $"sim-secret-{id}";

    /// <summary>A session whose vaults offer every source: the default vault's PartooApiKey and Other, and vault Ops' PartooApiKey.</summary>
    private static PowerShellSession SessionWithEverySource(PartooSimulator sim)
    {
        var shell = new PowerShellSession();
        shell.Run("Register-TestSecretVault -Name Ops");
        shell.StoreSecret("PartooApiKey", Secret(DefaultSecret));
        shell.StoreSecret("Other", Secret(OtherSecret));
        shell.StoreSecret("PartooApiKey", Secret(OpsVault), vault: "Ops");
        shell.Runspace.SessionStateProxy.SetVariable("u", sim.BaseUri);
        shell.Runspace.SessionStateProxy.SetVariable("k", PowerShellSession.Secure(Secret(ApiKeyParameter)));
        shell.Runspace.SessionStateProxy.SetVariable("c", new PSCredential("partoo", PowerShellSession.Secure(Secret(CredentialParameter))));
        return shell;
    }

    /// <summary>The seed key id every request authenticated as (-1 for a header no key has); asserts they are all one key.</summary>
    private static int KeyReached(PartooSimulator sim)
    {
        var headers = sim.Requests.Select(r => r.ApiKeyHeader).Distinct().ToList();
        Assert.True(headers.Count == 1, $"expected the requests to carry one key, they carried {headers.Count}");
        return sim.Keys.FirstOrDefault(k => k.Secret == headers[0])?.Id ?? -1;
    }

    [Theory]
    [InlineData("-ApiKey $k", ApiKeyParameter, PartooKeySource.ApiKeyParameter)]
    [InlineData("-Credential $c", CredentialParameter, PartooKeySource.CredentialParameter)]
    [InlineData("-Vault Ops", OpsVault, PartooKeySource.SecretManagement)]
    [InlineData("-SecretName Other", OtherSecret, PartooKeySource.SecretManagement)]
    [InlineData("", KeyVariable, PartooKeySource.EnvironmentVariable)]
    public async Task ConnectPartooTakesTheKeyFromTheFirstSourceTheHelpNames(string parameters, int expectedKey, PartooKeySource expectedSource)
    {
        // Every source holds a key: PARTOO_API_KEY and the default vault's PartooApiKey are the ones to lose to the parameters.
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = SessionWithEverySource(sim);
        Environment.SetEnvironmentVariable("PARTOO_API_KEY", Secret(KeyVariable));

        var result = shell.Run($"Connect-Partoo {parameters} -BaseUri $u; (Get-PartooConnection).KeySource; Get-PartooApiKey -Id 1001 | Out-Null");

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(expectedSource, Assert.Single(result.Objects<PartooKeySource>()));
        Assert.Equal(expectedKey, KeyReached(sim));
    }

    [Theory]
    [InlineData("-ApiKey $k -Credential $c")]
    [InlineData("-ApiKey $k -Vault Ops")]
    [InlineData("-Credential $c -SecretName Other")]
    public async Task TwoKeySourcesOnOneCommandLineAreRefusedAndTheConnectionStays(string parameters)
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = SessionWithEverySource(sim);
        Assert.Empty(shell.Run("Connect-Partoo -BaseUri $u").Errors);

        var refused = shell.Run($"Connect-Partoo {parameters} -BaseUri $u");

        var error = refused.Terminating is IContainsErrorRecord terminating ? terminating.ErrorRecord : refused.AnyError();
        Assert.StartsWith("AmbiguousParameterSet,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("cannot be used together", error.ToString(), StringComparison.Ordinal);
        shell.Run("Get-PartooApiKey -Id 1001 | Out-Null");
        Assert.Equal(DefaultSecret, KeyReached(sim)); // the connection made before is kept
    }

    /// <param name="variables">NAME=value pairs; $sim is the simulator's address, $key the secret of <see cref="KeyVariable"/>.</param>
    [Theory]
    [InlineData("PARTOO_VAULT=Ops PARTOO_API_KEY=$key", OpsVault, PartooKeySource.SecretManagement)]
    [InlineData("PARTOO_SECRET_NAME=Other PARTOO_API_KEY=$key", OtherSecret, PartooKeySource.SecretManagement)]
    [InlineData("PARTOO_API_KEY=$key", KeyVariable, PartooKeySource.EnvironmentVariable)]
    [InlineData("", DefaultSecret, PartooKeySource.SecretManagement)]
    public async Task WithoutAConnectionTheVariablesPickTheKeyInTheHelpsOrder(string variables, int expectedKey, PartooKeySource expectedSource)
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = SessionWithEverySource(sim);
        Environment.SetEnvironmentVariable("PARTOO_BASE_URI", sim.BaseUri.ToString()); // an address alone means "the default vault"
        foreach (var pair in variables.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
            Environment.SetEnvironmentVariable(name, value == "$key" ? Secret(KeyVariable) : value);
        }

        var result = shell.Run("Get-PartooApiKey -Id 1001 | Out-Null; (Get-PartooConnection).KeySource");

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(expectedSource, Assert.Single(result.Objects<PartooKeySource>()));
        Assert.Equal(expectedKey, KeyReached(sim));
    }

    [Fact]
    public async Task AConnectionOfTheRunspaceWinsOverEveryVariable()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = SessionWithEverySource(sim);
        Assert.Empty(shell.Run("Connect-Partoo -Credential $c -BaseUri $u").Errors);
        Environment.SetEnvironmentVariable("PARTOO_API_KEY", Secret(KeyVariable));
        Environment.SetEnvironmentVariable("PARTOO_VAULT", "Ops");
        Environment.SetEnvironmentVariable("PARTOO_BASE_URI", sim.BaseUri.ToString());

        var result = shell.Run("Get-PartooApiKey -Id 1001 | Out-Null; Get-PartooApiKey -Id 1002 | Out-Null");

        Assert.Empty(result.Errors);
        Assert.Equal(CredentialParameter, KeyReached(sim));
    }
}
