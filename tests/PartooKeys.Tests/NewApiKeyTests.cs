using System.Management.Automation;
using System.Net;
using System.Security;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>New-PartooApiKey: the POST body, -WhatIf/-Confirm, and the new secret with and without api_key in the answer.</summary>
public sealed class NewApiKeyTests
{
    private static string NewSecret(SimulatorSession session) => session.Simulator.Keys.Single(k => k.Id == 1017).Secret;

    private static bool SameSecret(SecureString? secure, string expected) =>
        secure is not null && new NetworkCredential(string.Empty, secure).Password == expected;

    [Fact]
    public async Task ThePostBodyCarriesTheGivenFields()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("New-PartooApiKey -Label 'Reviews bot' -Description 'Answers reviews' -ExpirationDate ([datetime]::UtcNow.Date.AddDays(90).AddHours(13)) -IpWhitelist '203.0.113.7', '2001:db8::/32' -Permission review_read, review_reply");
        Assert.Empty(result.Errors);
        var key = result.Objects<ApiKey>().Single();
        Assert.Equal(1017, key.Id);
        Assert.Equal("Reviews bot", key.Label);
        Assert.True(key.HasRestrictedPermissions);
        var post = Assert.Single(session.Simulator.Writes());
        Assert.Equal("/v2/api_keys", post.Path);
        post.AssertBody($$"""
            {"label":"Reviews bot","description":"Answers reviews","expiration_date":"{{Requests.Day(90)}}",
             "ip_whitelist":["203.0.113.7","2001:db8::/32"],"has_restricted_permissions":true,"permissions":["review_read","review_reply"]}
            """);
    }

    [Fact]
    public async Task OnlyTheLabelIsSentWhenNothingElseIsGiven()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("New-PartooApiKey 'Plain'");
        Assert.Empty(result.Errors);
        session.Simulator.Writes().Single().AssertBody("""{"label":"Plain"}""");
        Assert.Equal(["POST /v2/api_keys"], session.Simulator.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task WhatIfSendsNothingAndSaysWhatItWouldCreate()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("New-PartooApiKey -Label 'Reviews bot' -Permission review_read -WhatIf");
        Assert.Empty(session.Simulator.Requests);
        Assert.Empty(result.Output);
        Assert.Contains("What if: Performing the operation \"Create with no expiration date; restricted to permissions review_read\" on target \"new API key 'Reviews bot'\".", result.HostText);
    }

    [Fact]
    public async Task ConfirmNoCreatesNothingAndConfirmFalseDoesNotAsk()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Shell.Host.ChoiceAnswers.Enqueue(2);
        session.Run("New-PartooApiKey -Label 'A' -Confirm");
        Assert.Single(session.Shell.Host.Prompts);
        Assert.Empty(session.Simulator.Requests);
        Assert.Empty(session.Run("New-PartooApiKey -Label 'B' -Confirm:$false").Errors);
        Assert.Single(session.Shell.Host.Prompts);
        Assert.Single(session.Simulator.Writes());
    }

    [Fact]
    public async Task WithoutApiKeyInTheAnswerAVerboseLineSaysSo()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("New-PartooApiKey -Label 'No secret' -Verbose");
        var key = result.Objects<ApiKey>().Single();
        Assert.Null(key.Secret);
        Assert.Contains(result.Verbose, v => v.Message.Contains("did not carry the new key's secret"));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task WithoutApiKeyInTheAnswerSecretNameWarnsThatNothingWasStored()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("New-PartooApiKey -Label 'No secret' -SecretName NewKey");
        Assert.Single(result.Objects<ApiKey>());
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("Nothing was stored as 'NewKey'", warning.Message);
        var read = session.Run("Get-Secret -Name NewKey");
        Assert.Empty(read.Output);
        Assert.Single(read.Errors);
    }

    [Fact]
    public async Task TheSecretInTheAnswerIsOnlyASecureStringAndIsNeverPrinted()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.IncludeSecretInCreateAnswer = true;
        var result = session.Run("$key = New-PartooApiKey -Label 'With secret' -Verbose -Debug; $key; $key | Out-Default; $key.PSObject.Properties | ForEach-Object { $_.Name + '=' + $_.Value }; $key.ToString()");
        var secret = NewSecret(session);
        var key = result.Objects<ApiKey>().First();
        Assert.True(SameSecret(key.Secret, secret));
        Assert.Contains(result.Verbose, v => v.Message.Contains("Secret property"));
        Assert.DoesNotContain(secret, result.AllText(), StringComparison.Ordinal);
        Assert.Contains("With secret", result.HostText);
    }

    [Fact]
    public async Task SecretNameStoresTheSecretStraightIntoTheDefaultVault()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.IncludeSecretInCreateAnswer = true;
        var result = session.Run("New-PartooApiKey -Label 'Rotated' -SecretName CrmSyncKey -Verbose");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var key = result.Objects<ApiKey>().Single();
        Assert.Null(key.Secret);
        var secret = NewSecret(session);
        Assert.DoesNotContain(secret, result.AllText(), StringComparison.Ordinal);
        var stored = session.Run("Get-Secret -Name CrmSyncKey -AsPlainText").Output.Single().BaseObject;
        Assert.True(secret == (string)stored, "the vault holds another value than the new key's secret");
        Assert.Single(session.Simulator.Writes());
    }

    [Fact]
    public async Task SecretNameWithVaultStoresIntoThatVault()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.IncludeSecretInCreateAnswer = true;
        session.Run("Register-TestSecretVault -Name Rotation");
        var result = session.Run("New-PartooApiKey -Label 'Rotated' -SecretName CrmSyncKey -Vault Rotation");
        Assert.Empty(result.Errors);
        Assert.True(NewSecret(session) == (string)session.Run("Get-Secret -Name CrmSyncKey -Vault Rotation -AsPlainText").Output.Single().BaseObject);
        Assert.Empty(session.Run("Get-Secret -Name CrmSyncKey -Vault TestVault -ErrorAction SilentlyContinue").Output);
    }

    [Fact]
    public async Task AnUnknownVaultIsRefusedBeforeTheKeyIsCreated()
    {
        await using var session = await SimulatorSession.StartAsync();
        var error = session.Run("New-PartooApiKey -Label 'Rotated' -SecretName CrmSyncKey -Vault Nowhere").AnyError();
        Assert.StartsWith("NewPartooApiKeyVaultNotFound", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("No key was created", error.ToString());
        Assert.Empty(session.Simulator.Requests);
    }

    [Fact]
    public async Task NoDefaultVaultIsRefusedBeforeTheKeyIsCreated()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Clear-TestSecretVault -NoDefaultVault");
        var error = session.Run("New-PartooApiKey -Label 'Rotated' -SecretName CrmSyncKey").AnyError();
        Assert.StartsWith("NewPartooApiKeyNoDefaultVault", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(session.Simulator.Requests);
    }

    [Fact]
    public async Task AFailedStoreKeepsTheSecretOnTheKeyAndTheError()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.IncludeSecretInCreateAnswer = true;
        session.Run("& (Get-Module Microsoft.PowerShell.SecretManagement) { $script:Store.Vaults['Broken'] = [System.Collections.ObjectModel.ReadOnlyDictionary[string, object]]::new([System.Collections.Generic.Dictionary[string, object]]::new()) }");
        var result = session.Run("New-PartooApiKey -Label 'Rotated' -SecretName CrmSyncKey -Vault Broken");
        var error = result.SingleError();
        Assert.StartsWith("NewPartooApiKeySecretStoreFailed", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("API key 1017 'Rotated' was created", error.ToString());
        var secret = NewSecret(session);
        Assert.True(SameSecret(result.Objects<ApiKey>().Single().Secret, secret));
        Assert.True(SameSecret(((ApiKey)error.TargetObject).Secret, secret));
        Assert.DoesNotContain(secret, result.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FaultKind.Html503)]
    [InlineData(FaultKind.Html502)]
    [InlineData(FaultKind.EmptyBody500)]
    [InlineData(FaultKind.Reset)]
    public async Task APostThatMayHaveReachedPartooIsNeverRepeated(FaultKind fault)
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = fault, Method = "POST", RetryAfterSeconds = 0 });
        var result = session.Run("New-PartooApiKey -Label 'Once'");
        Assert.StartsWith("NewPartooApiKey", result.AnyError().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Single(session.Simulator.Writes());
    }

    [Fact]
    public async Task ARefusalByPartooIsAnErrorNamingTheLabel()
    {
        await using var session = await SimulatorSession.StartAsync();
        var error = session.Run("New-PartooApiKey -Label 'Odd' -Permission made_up_permission").AnyError();
        Assert.StartsWith("NewPartooApiKeyInvalidArgument", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("'Odd'", error.ErrorDetails.Message);
        Assert.Contains("made_up_permission", error.ErrorDetails.Message);
    }
}
