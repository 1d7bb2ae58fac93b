using System.Management.Automation;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Bad input across every cmdlet: each is refused with the right category and a message that names
/// the bad value, and the simulator receives no request at all.
/// </summary>
public sealed class BadInputCorpusTests
{
    private const string InvalidArgument = nameof(ErrorCategory.InvalidArgument);
    private const string InvalidData = nameof(ErrorCategory.InvalidData);
    private const string ObjectNotFound = nameof(ErrorCategory.ObjectNotFound);
    private const string Yesterday = "([datetime]'{day-1}').AddHours(12)";
    private const string Today = "([datetime]'{day+0}').AddHours(12)";

    public static TheoryData<string, string, string> Corpus() => new()
    {
        // Connect-Partoo
        { "Connect-Partoo -BaseUri ftp://partoo.example/v2", InvalidArgument, "ftp://partoo.example/v2" },
        { "Connect-Partoo -BaseUri 'api.partoo.co/v2'", InvalidArgument, "api.partoo.co/v2" },
        { "Connect-Partoo -Vault NoSuchVault", ObjectNotFound, "NoSuchVault" },
        { "Connect-Partoo -SecretName NoSuchSecret", ObjectNotFound, "NoSuchSecret" },
        { "Connect-Partoo -Environment Prodution", InvalidArgument, "Prodution" },
        { "Connect-Partoo -TimeoutSec 0", InvalidData, "0" },
        { "Connect-Partoo -MaxConcurrency 17", InvalidData, "17" },
        { "Connect-Partoo -MaxRequestsPerMinute 0", InvalidData, "0" },
        { "Connect-Partoo -MaxRetryAttempts 11", InvalidData, "11" },
        { "Connect-Partoo -Proxy ftp://proxy.example:21", InvalidArgument, "ftp://proxy.example:21" },
        // Get-PartooApiKey
        { "Get-PartooApiKey -Id 0", InvalidArgument, "-Id 0" },
        { "Get-PartooApiKey -Id -1", InvalidArgument, "-Id -1" },
        { "Get-PartooApiKey -Id 99999999999", InvalidArgument, "99999999999" },
        { "Get-PartooApiKey -PageSize 0", InvalidData, "0" },
        { "Get-PartooApiKey -PageSize 101", InvalidData, "101" },
        { "Get-PartooApiKey -Status Expird", InvalidArgument, "Expird" },
        { "Get-PartooApiKey -Type Robot", InvalidArgument, "Robot" },
        { "Get-PartooApiKey -SearchText ''", InvalidData, "SearchText" },
        // New-PartooApiKey
        { "New-PartooApiKey -Label '   '", InvalidArgument, "'   '" },
        { "New-PartooApiKey -Label ''", InvalidArgument, "Label" },
        { $"New-PartooApiKey -Label k -ExpirationDate {Yesterday}", InvalidArgument, "{day-1}" },
        { $"New-PartooApiKey -Label k -ExpirationDate {Today}", InvalidArgument, "{day+0}" },
        { "New-PartooApiKey -Label k -ExpirationDate 3000-01-01", InvalidArgument, "3000-01-01" },
        { "New-PartooApiKey -Label k -IpWhitelist 300.1.1.1", InvalidArgument, "300.1.1.1" },
        { "New-PartooApiKey -Label k -IpWhitelist 10.0.0.0/33", InvalidArgument, "10.0.0.0/33" },
        { "New-PartooApiKey -Label k -IpWhitelist ::1/129", InvalidArgument, "::1/129" },
        { "New-PartooApiKey -Label k -IpWhitelist ' 10.0.0.1'", InvalidArgument, "' 10.0.0.1'" },
        { "New-PartooApiKey -Label k -IpWhitelist ''", InvalidArgument, "''" },
        { "New-PartooApiKey -Label k -Permission 'Business Edit'", InvalidArgument, "Business Edit" },
        { "New-PartooApiKey -Label k -Permission review-read", InvalidArgument, "review-read" },
        { "New-PartooApiKey -Label k -Permission ''", InvalidArgument, "''" },
        // Set-PartooApiKey
        { "Set-PartooApiKey -Id 0 -Label x -Confirm:$false", InvalidArgument, "-Id 0" },
        { "Set-PartooApiKey -Id -1 -Label x -Confirm:$false", InvalidArgument, "-Id -1" },
        { "Set-PartooApiKey -Id 1001 -Label '  ' -Confirm:$false", InvalidArgument, "'  '" },
        { $"Set-PartooApiKey -Id 1001 -ExpirationDate {Yesterday} -Confirm:$false", InvalidArgument, "{day-1}" },
        { "Set-PartooApiKey -Id 1001 -ExpirationDate 9999-12-31 -Confirm:$false", InvalidArgument, "9999-12-31" },
        { "Set-PartooApiKey -Id 1001 -AddIpWhitelist 300.1.1.1 -Confirm:$false", InvalidArgument, "300.1.1.1" },
        { "Set-PartooApiKey -Id 1001 -RemoveIpWhitelist 10.0.0.0/33 -Confirm:$false", InvalidArgument, "10.0.0.0/33" },
        { "Set-PartooApiKey -Id 1001 -IpWhitelist ::1/129 -Confirm:$false", InvalidArgument, "::1/129" },
        { "Set-PartooApiKey -Id 1001 -AddPermission 'Bad Name' -Confirm:$false", InvalidArgument, "Bad Name" },
        { "Set-PartooApiKey -Id 1001 -Permission ReviewRead -Confirm:$false", InvalidArgument, "ReviewRead" },
        { "Set-PartooApiKey -Id 1001 -Confirm:$false", InvalidArgument, "change" },
        { "Set-PartooApiKey -Id 1001 -Permission review_read -Unrestricted -Confirm:$false", InvalidArgument, "Unrestricted" },
        // Revoke-PartooApiKey
        { "Revoke-PartooApiKey -Id 0 -Force", InvalidArgument, "-Id 0" },
        { "Revoke-PartooApiKey -Id -5 -Force", InvalidArgument, "-Id -5" },
        { "Revoke-PartooApiKey -Id 12ab -Force", InvalidArgument, "12ab" },
        // Get-PartooApiKeyAudit
        { "Get-PartooApiKeyAudit -ExpiringWithinDays -1", InvalidData, "-1" },
        { "Get-PartooApiKeyAudit -UnusedForDays 0", InvalidData, "0" },
        { "Get-PartooApiKeyAudit -Rule Unrestrictd", InvalidArgument, "Unrestrictd" },
        { "Get-PartooApiKeyAudit -Status Dormant", InvalidArgument, "Dormant" },
        // Get-PartooPermission
        { "Get-PartooPermission -Name ''", InvalidData, "Name" },
        { "Get-PartooPermission -Section @()", InvalidData, "Section" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task BadInputIsRefusedBeforeAnythingIsSent(string script, string category, string namedValue)
    {
        var today = DateTime.UtcNow;
        (script, namedValue) = (Requests.Dated(script, today), Requests.Dated(namedValue, today));
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run(script);
        var error = result.Terminating is IContainsErrorRecord terminating ? terminating.ErrorRecord : Assert.Single(result.Errors);
        Assert.Equal(category, error.CategoryInfo.Category.ToString());
        Assert.Contains(namedValue, error.ToString(), StringComparison.Ordinal);
        Assert.False(error.FullyQualifiedErrorId.StartsWith("System.", StringComparison.Ordinal), $"a bare .NET exception escaped: {error.FullyQualifiedErrorId}");
        Assert.Empty(result.Output);
        Assert.Empty(session.Simulator.Requests);
    }

    /// <summary>IPv4 parts with leading zeros read as octal to some parsers (010 = 8): refused, wherever they appear.</summary>
    [Theory]
    [InlineData("New-PartooApiKey -Label k -IpWhitelist 010.0.0.1", "010.0.0.1")]
    [InlineData("New-PartooApiKey -Label k -IpWhitelist 09.0.0.1", "09.0.0.1")]
    [InlineData("New-PartooApiKey -Label k -IpWhitelist 203.0.113.7, 1.2.3.04", "1.2.3.04")]
    [InlineData("New-PartooApiKey -Label k -IpWhitelist ::ffff:010.0.0.1", "::ffff:010.0.0.1")]
    [InlineData("New-PartooApiKey -Label k -IpWhitelist 10.0.0.0/024", "10.0.0.0/024")]
    [InlineData("Set-PartooApiKey -Id 1001 -IpWhitelist 010.0.0.1 -Confirm:$false", "010.0.0.1")]
    [InlineData("Set-PartooApiKey -Id 1001 -AddIpWhitelist 09.0.0.1 -Confirm:$false", "09.0.0.1")]
    [InlineData("Set-PartooApiKey -Id 1001 -RemoveIpWhitelist 1.2.3.04 -Confirm:$false", "1.2.3.04")]
    public async Task LeadingZerosInAnIpEntryAreRefusedWithTheModulesError(string script, string entry)
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run(script);
        var error = result.Terminating is IContainsErrorRecord terminating ? terminating.ErrorRecord : Assert.Single(result.Errors);
        var verbNoun = script.Substring(0, script.IndexOf(' ')).Replace("-", string.Empty);
        Assert.StartsWith(verbNoun + "InvalidIpWhitelist,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(entry, error.TargetObject);
        Assert.Contains("leading zeros", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(session.Simulator.Requests);
    }
}
