using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>The cmdlets' view of a hostile gateway: one unreadable key is one non-terminating error, the others come out.</summary>
public sealed class HostileWireCmdletTests
{
    [Fact]
    public async Task AnUnreadableKeyInAListingIsOneNonTerminatingErrorAndEveryOtherKeyIsWritten()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(30));
        var ids = session.Simulator.Keys.Select(k => k.Id).ToList();
        session.Simulator.Knobs.MalformedKeys = new() { [ids[4]] = "BadDate", [ids[25]] = "WrongType" };

        var result = session.Run("Get-PartooApiKey -PageSize 10");

        Assert.Null(result.Terminating);
        Assert.Equal(ids.Except([ids[4], ids[25]]), result.Objects<ApiKey>().Select(k => k.Id));
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("GetPartooApiKeyInvalidKey", e.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Contains("other keys", e.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        });
        Assert.Contains($"Key {ids[4]} cannot be read: its field 'expiration_date'", result.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.Equal(ids[4], result.Errors[0].TargetObject);
        Assert.Contains($"Key {ids[25]} cannot be read: its field 'label'", result.Errors[1].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id": "abc"}""", "The key at position 1 of the page cannot be read: its field 'id' holds \"abc\" (string)")]
    [InlineData("""{"id": 5, "last_used_at": "yesterday"}""", "Key 5 cannot be read: its field 'last_used_at' is not valid: 'yesterday'")]
    [InlineData("""null""", "The key at position 1 of the page cannot be read: it is null.")]
    [InlineData("""{"id": null}""", "its field 'id' is missing or not a positive number")]
    [InlineData("""{"id": 5, "disabled": "yes"}""", "Key 5 cannot be read: its field 'disabled'")]
    [InlineData("""{"id": 5, "ip_whitelist": "10.0.0.1"}""", "Key 5 cannot be read: its field 'ip_whitelist'")]
    [InlineData("""{"id": 5, "permissions": [1, 2]}""", "Key 5 cannot be read: its field 'permissions'")]
    public async Task EachWayAKeyCanBeUnreadableIsNamedAndTheKeyBesideItIsStillWritten(string bad, string expected)
    {
        await using var session = await SimulatorSession.StartAsync();
        var body = $$"""{"page": 1, "max_page": 1, "count": 2, "api_keys": [{{bad}}, {"id": 6, "label": "fine"}]}""";
        session.Simulator.Knobs.Override = _ => (200, "application/json", body);

        var result = session.Run("Get-PartooApiKey");

        Assert.Null(result.Terminating);
        Assert.Equal(6, Assert.Single(result.Objects<ApiKey>()).Id);
        var error = result.SingleError();
        Assert.StartsWith("GetPartooApiKeyInvalidKey", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditGoesOnPastAnUnreadableKeyAndReportsItOnce()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.MalformedKeys = new() { [1002] = "BadTimestamp" };

        var result = session.Run("Get-PartooApiKeyAudit");

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("GetPartooApiKeyAuditInvalidKey", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("Key 1002 cannot be read: its field 'created_at'", error.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(result.Output);
        Assert.DoesNotContain(result.Output, o => o.Properties["KeyId"]?.Value is 1002);
    }

    [Fact]
    public async Task AnUnreadableKeyReadByIdIsAnErrorForThatIdAlone()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.MalformedKeys = new() { [1003] = "BadDate" };

        var result = session.Run("Get-PartooApiKey -Id 1003, 1004");

        var error = result.SingleError();
        Assert.StartsWith("GetPartooApiKeyInvalidKey", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("Key 1003 cannot be read: its field 'expiration_date'", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1004, Assert.Single(result.Objects<ApiKey>()).Id);
    }

    [Fact]
    public async Task ARedirectIsASecurityErrorAndTheOtherHostGetsNothing()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Hostile = HostileMode.Redirect308;

        var error = session.Run("Get-PartooApiKey -Id 1001").AnyError();

        Assert.StartsWith("GetPartooApiKeyRedirected", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.Contains(session.Simulator.Elsewhere.BaseUri + "v2/api_keys/1001", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Get-PartooConnection", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Empty(session.Simulator.Elsewhere.Requests);
    }

    [Fact]
    public async Task AProxyThatWantsCredentialsIsAProxyAuthenticationErrorAndTheCredentialPassesIt()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", sim.CallerKey);
        var variables = new Dictionary<string, object?>
        {
            ["base"] = sim.BaseUri,
            ["proxy"] = sim.Proxy.BaseUri,
            ["credential"] = new PSCredential(sim.ProxyUser, new System.Net.NetworkCredential("", sim.ProxyPassword).SecurePassword),
        };

        var refused = shell.Run("Connect-Partoo -BaseUri $base -Proxy $proxy -MaxRetryAttempts 0; Get-PartooApiKey -Id 1001", variables).AnyError();
        Assert.StartsWith("GetPartooApiKeyProxyAuthenticationRequired", refused.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.AuthenticationError, refused.CategoryInfo.Category);
        Assert.Contains("-ProxyCredential", refused.ErrorDetails.RecommendedAction, StringComparison.Ordinal);

        var passed = shell.Run("Connect-Partoo -BaseUri $base -Proxy $proxy -ProxyCredential $credential; Get-PartooApiKey -Id 1001", variables);
        Assert.Empty(passed.Errors);
        Assert.Equal(1001, Assert.Single(passed.Objects<ApiKey>()).Id);
        Assert.DoesNotContain(sim.ProxyPassword, shell.Run("Get-PartooConnection | Format-List * | Out-String").AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConnectionShowsWhetherUnencryptedAuthenticationWasAllowed()
    {
        await using var session = await SimulatorSession.StartAsync();
        Assert.Equal(false, session.Run("(Get-PartooConnection).AllowUnencryptedAuthentication").Output.Single().BaseObject);
        var remote = session.Run("(Connect-Partoo -BaseUri http://partoo.example/v2 -ApiKey $k -AllowUnencryptedAuthentication -PassThru).AllowUnencryptedAuthentication",
            new() { ["k"] = new System.Net.NetworkCredential("", "k").SecurePassword });
        Assert.Empty(remote.Errors);
        Assert.Equal(true, remote.Output.Single().BaseObject);
    }
}
