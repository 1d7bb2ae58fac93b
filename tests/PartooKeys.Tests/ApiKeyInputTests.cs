using System.Management.Automation;
using PartooKeys.Errors;
using PartooKeys.Tests.Infrastructure;
using PartooKeys.Validation;

namespace PartooKeys.Tests;

/// <summary>The input checks: the rules themselves, and through every cmdlet with nothing sent.</summary>
public sealed class ApiKeyInputTests
{
    private static readonly DateTime Today = new(2026, 11, 22);

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("0.0.0.0/0")]
    [InlineData("198.51.100.0/24")]
    [InlineData("10.0.0.1/32")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:db8::/32")]
    [InlineData("::/0")]
    [InlineData("::1/128")]
    [InlineData("::ffff:192.0.2.1")]
    [InlineData("0.0.0.0")]
    [InlineData("10.0.0.0/0")]
    [InlineData("100.0.10.0/8")]
    [InlineData("2001:0db8:0000::/32")] // IPv6 groups are hex and may be zero-padded
    public void ValidIpEntriesPass(string entry) => Assert.Equal(entry, ApiKeyInput.IpEntry(entry));

    [Theory]
    [InlineData("")]
    [InlineData(" 203.0.113.7")]
    [InlineData("203.0.113.7 ")]
    [InlineData("203.0.113")]
    [InlineData("1")]
    [InlineData("256.0.0.1")]
    [InlineData("203.0.113.7/33")]
    [InlineData("203.0.113.7/")]
    [InlineData("203.0.113.7/-1")]
    [InlineData("203.0.113.7/2a")]
    [InlineData("2001:db8::/129")]
    [InlineData("fe80::1%eth0")]
    [InlineData("2001:db8:::1")]
    [InlineData("example.com")]
    [InlineData("203.0.113.7, 198.51.100.1")]
    [InlineData("010.0.0.1")]
    [InlineData("09.0.0.1")]
    [InlineData("1.2.3.04")]
    [InlineData("00.0.0.0")]
    [InlineData("::ffff:010.0.0.1")]
    [InlineData("::ffff:10.0.0.01")]
    [InlineData("10.0.0.0/024")]
    [InlineData("10.0.0.0/00")]
    [InlineData("2001:db8::/064")]
    [InlineData("10.0.0.0/+8")]
    public void InvalidIpEntriesAreRefusedNamingTheValue(string entry)
    {
        var ex = Assert.Throws<PartooCmdletException>(() => ApiKeyInput.IpEntry(entry, "AddIpWhitelist"));
        Assert.Equal(ErrorCategory.InvalidArgument, ex.Category);
        Assert.Equal("InvalidIpWhitelist", ex.Reason.Name);
        Assert.Contains($"-AddIpWhitelist entry '{entry}'", ex.Message);
        Assert.Contains("CIDR", ex.Message);
        Assert.NotEmpty(ex.RecommendedAction);
    }

    [Fact]
    public void IpListsDropDuplicateSpellingsAndRefuseNull()
    {
        Assert.Equal(["2001:db8::/32", "10.0.0.1"], ApiKeyInput.IpEntries(["2001:db8::/32", "2001:DB8:0::/32", "10.0.0.1"]));
        Assert.Empty(ApiKeyInput.IpEntries([]));
        Assert.Equal("InvalidIpWhitelist", Assert.Throws<PartooCmdletException>(() => ApiKeyInput.IpEntries(null)).Reason.Name);
        Assert.Equal("InvalidIpWhitelist", Assert.Throws<PartooCmdletException>(() => ApiKeyInput.IpEntries(["10.0.0.1", null])).Reason.Name);
    }

    [Fact]
    public void RangesWithTheSameAddressAndAnotherPrefixAreDifferentEntries()
    {
        Assert.Equal(["10.0.0.0/8", "10.0.0.0/16", "10.0.0.0"], ApiKeyInput.IpEntries(["10.0.0.0/8", "10.0.0.0/16", "10.0.0.0"]));
        Assert.Equal(["10.0.0.11", "10.0.0.1/1"], ApiKeyInput.IpEntries(["10.0.0.11", "10.0.0.1/1"]));
    }

    [Fact]
    public void TheCanonicalSpellingKeepsThePrefix()
    {
        Assert.Equal("2001:db8::/32", ApiKeyInput.Canonical("2001:DB8:0::/32"));
        Assert.Equal("10.0.0.0/0", ApiKeyInput.Canonical("10.0.0.0/0"));
        Assert.Equal("2001:db8::1", ApiKeyInput.Canonical("2001:0DB8::1"));
        Assert.Equal("not an entry", ApiKeyInput.Canonical("not an entry"));
    }

    [Theory]
    [InlineData("review_read")]
    [InlineData("business_edit_hours")]
    [InlineData("api_key_manage")]
    [InlineData("v2_read")]
    [InlineData("read")]
    public void SnakeCasePermissionNamesPass(string name) => Assert.Equal(name, ApiKeyInput.PermissionName(name));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Review_Read")]
    [InlineData("review-read")]
    [InlineData("review read")]
    [InlineData("_review")]
    [InlineData("review_")]
    [InlineData("review__read")]
    [InlineData("2fa_manage")]
    [InlineData("review_read ")]
    public void OtherPermissionNamesAreRefused(string name)
    {
        var ex = Assert.Throws<PartooCmdletException>(() => ApiKeyInput.PermissionName(name, "AddPermission"));
        Assert.Equal(ErrorCategory.InvalidArgument, ex.Category);
        Assert.Contains($"-AddPermission '{name}'", ex.Message);
        Assert.Contains("snake_case", ex.Message);
    }

    [Fact]
    public void ExpirationDatesAreDatesFromTomorrowOn()
    {
        Assert.Equal(new DateTime(2026, 11, 23), ApiKeyInput.ExpirationDate(new DateTime(2026, 11, 23, 23, 59, 59), Today));
        Assert.Equal(DateTimeKind.Unspecified, ApiKeyInput.ExpirationDate(new DateTime(2027, 1, 1, 8, 0, 0, DateTimeKind.Utc), Today).Kind);
        foreach (var refused in new[] { Today, Today.AddHours(23), Today.AddDays(-400) })
        {
            var ex = Assert.Throws<PartooCmdletException>(() => ApiKeyInput.ExpirationDate(refused, Today));
            Assert.Equal("InvalidExpirationDate", ex.Reason.Name);
            Assert.Contains(refused.ToString("yyyy-MM-dd"), ex.Message);
            Assert.Contains("at least tomorrow", ex.Message);
            Assert.Contains("Revoke-PartooApiKey", ex.RecommendedAction);
        }
    }

    [Fact]
    public void ExpirationDatesReachAHundredYearsAheadAndNoFurther()
    {
        var latest = new DateTime(2126, 11, 22);
        Assert.Equal(latest, ApiKeyInput.ExpirationDate(latest.AddHours(23), Today));
        var ex = Assert.Throws<PartooCmdletException>(() => ApiKeyInput.ExpirationDate(latest.AddDays(1), Today, "ExpirationDate"));
        Assert.Equal("InvalidExpirationDate", ex.Reason.Name);
        Assert.Contains("-ExpirationDate 2126-11-23 is more than 100 years ahead (after 2126-11-22)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("-NoExpiration", ex.RecommendedAction, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void IdsArePositive(int id)
    {
        var ex = Assert.Throws<PartooCmdletException>(() => ApiKeyInput.Id(id));
        Assert.Equal("InvalidId", ex.Reason.Name);
        Assert.Contains(id.ToString(), ex.Message);
        Assert.Equal(1, ApiKeyInput.Id(1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t")]
    public void LabelsAreNotBlank(string? label)
    {
        var ex = Assert.Throws<PartooCmdletException>(() => ApiKeyInput.Label(label));
        Assert.Equal("InvalidLabel", ex.Reason.Name);
        Assert.Equal(" CRM ", ApiKeyInput.Label(" CRM "));
    }

    public static TheoryData<string, string, string> RefusedInput() => new()
    {
        { "New-PartooApiKey -Label ''", "NewPartooApiKeyInvalidLabel", "-Label ''" },
        { "New-PartooApiKey -Label '   '", "NewPartooApiKeyInvalidLabel", "-Label '   '" },
        { "New-PartooApiKey -Label 'x' -ExpirationDate '{day+0}'", "NewPartooApiKeyInvalidExpirationDate", "{day+0}" },
        { "New-PartooApiKey -Label 'x' -ExpirationDate '{day-1}'", "NewPartooApiKeyInvalidExpirationDate", "{day-1}" },
        { "New-PartooApiKey -Label 'x' -IpWhitelist '203.0.113.7', '10.0.0.0/33'", "NewPartooApiKeyInvalidIpWhitelist", "'10.0.0.0/33'" },
        { "New-PartooApiKey -Label 'x' -IpWhitelist ' 10.0.0.1'", "NewPartooApiKeyInvalidIpWhitelist", "' 10.0.0.1'" },
        { "New-PartooApiKey -Label 'x' -IpWhitelist $null", "NewPartooApiKeyInvalidIpWhitelist", "$null" },
        { "New-PartooApiKey -Label 'x' -Permission review_read, 'Review-Reply'", "NewPartooApiKeyInvalidPermission", "'Review-Reply'" },
        { "New-PartooApiKey -Label 'x' -Permission ''", "NewPartooApiKeyInvalidPermission", "-Permission ''" },
        { "New-PartooApiKey -Label 'x' -SecretName ' '", "NewPartooApiKeyInvalidSecretName", "-SecretName ' '" },
        { "New-PartooApiKey -Label 'x' -SecretName 'K' -Vault ''", "NewPartooApiKeyInvalidVault", "-Vault ''" },
        { "Set-PartooApiKey -Id 1002 -Label ' '", "SetPartooApiKeyInvalidLabel", "-Label ' '" },
        { "Set-PartooApiKey -Id 1002 -ExpirationDate ([datetime]'{day+0}').AddHours(23.5)", "SetPartooApiKeyInvalidExpirationDate", "{day+0}" },
        { "Set-PartooApiKey -Id 1002 -IpWhitelist '2001:db8::/129'", "SetPartooApiKeyInvalidIpWhitelist", "'2001:db8::/129'" },
        { "Set-PartooApiKey -Id 1002 -AddIpWhitelist '1.2.3'", "SetPartooApiKeyInvalidIpWhitelist", "-AddIpWhitelist entry '1.2.3'" },
        { "Set-PartooApiKey -Id 1002 -RemoveIpWhitelist 'office'", "SetPartooApiKeyInvalidIpWhitelist", "-RemoveIpWhitelist entry 'office'" },
        { "Set-PartooApiKey -Id 1002 -Permission 'review read'", "SetPartooApiKeyInvalidPermission", "'review read'" },
        { "Set-PartooApiKey -Id 1002 -AddPermission 'REVIEW_READ'", "SetPartooApiKeyInvalidPermission", "-AddPermission 'REVIEW_READ'" },
        { "Set-PartooApiKey -Id 1002 -RemovePermission '_x'", "SetPartooApiKeyInvalidPermission", "-RemovePermission '_x'" },
        { "Set-PartooApiKey -Id 0 -Label 'x'", "SetPartooApiKeyInvalidId", "-Id 0" },
        { "Set-PartooApiKey -Id -7 -Label 'x'", "SetPartooApiKeyInvalidId", "-Id -7" },
        { "Revoke-PartooApiKey -Id 0 -Force", "RevokePartooApiKeyInvalidId", "-Id 0" },
    };

    [Theory]
    [MemberData(nameof(RefusedInput))]
    public async Task EveryCheckRefusesBeforeAnythingIsSent(string script, string errorId, string named)
    {
        var today = DateTime.UtcNow;
        (script, named) = (Requests.Dated(script, today), Requests.Dated(named, today));
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run(script);
        var error = result.AnyError();
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains(named, error.ToString());
        Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails.RecommendedAction));
        Assert.Empty(session.Simulator.Requests);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("review_read,review_reply", "Permission", "review_read;review_reply")]
    [InlineData("203.0.113.7, 198.51.100.1", "IpWhitelist", "203.0.113.7; 198.51.100.1")]
    [InlineData(",review_read", "Permission", ";review_read")]
    public void ACommaListInOneCellIsToldTheSeparator(string cell, string parameter, string written)
    {
        var ex = Assert.Throws<PartooCmdletException>(() => parameter == "Permission" ? ApiKeyInput.PermissionName(cell) : ApiKeyInput.IpEntry(cell));
        Assert.EndsWith($" Several values in one CSV cell are separated by ';', not ',' (e.g. {written}).", ex.Message);
        Assert.EndsWith("(lower-case letters and digits joined by single underscores, e.g. business_edit_hours).", Assert.Throws<PartooCmdletException>(() => ApiKeyInput.PermissionName("Review")).Message);
    }

    [Fact]
    public void ANullPermissionListIsRefusedNamingTheParameter()
    {
        var ex = Assert.Throws<PartooCmdletException>(() => ApiKeyInput.PermissionNames(null, "AddPermission"));
        Assert.Equal("InvalidPermission", ex.Reason.Name);
        Assert.Equal("-AddPermission is $null: pass permission names such as review_read.", ex.Message);
        Assert.StartsWith("Pass the names, e.g. -AddPermission review_read, review_reply;", ex.RecommendedAction);
    }

    [Fact]
    public void ContradictingParametersAreRefusedWithWhatToDo()
    {
        ApiKeyInput.NotTogether("ExpirationDate", true, "NoExpiration", false, "why");
        var ex = Assert.Throws<PartooCmdletException>(() => ApiKeyInput.NotTogether("ExpirationDate", true, "NoExpiration", true, "a key has one expiration."));
        Assert.Equal("ConflictingParameters", ex.Reason.Name);
        Assert.Equal("-ExpirationDate and -NoExpiration cannot be used together: a key has one expiration.", ex.Message);
        Assert.Equal("Use -ExpirationDate or -NoExpiration, not both.", ex.RecommendedAction);
    }

    [Fact]
    public void AValueBothAddedAndRemovedIsRefusedNamingIt()
    {
        ApiKeyInput.NotBothAddedAndRemoved("AddPermission", ["review_read"], "RemovePermission", ["post_read"], n => n);
        var ex = Assert.Throws<PartooCmdletException>(() =>
            ApiKeyInput.NotBothAddedAndRemoved("AddIpWhitelist", ["10.0.0.1", "10.0.0.2"], "RemoveIpWhitelist", ["10.0.0.2"], n => n));
        Assert.Equal("ConflictingParameters", ex.Reason.Name);
        Assert.Equal("10.0.0.2 is both in -AddIpWhitelist and in -RemoveIpWhitelist.", ex.Message);
        Assert.Equal("Name each value in -AddIpWhitelist or in -RemoveIpWhitelist, not in both.", ex.RecommendedAction);
    }
}
