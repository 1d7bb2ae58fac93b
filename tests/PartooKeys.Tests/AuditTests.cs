using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Get-PartooApiKeyAudit against a simulator seeded with one active key per rule, two clean keys,
/// and a revoked and an expired key that break everything.
/// </summary>
public sealed class AuditTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private const int Clean = 2001, Unrestricted = 2002, NoExpiration = 2003, ExpiringSoon = 2004, NoIpRestriction = 2005,
        Unused = 2006, Dormant = 2007, NewNeverUsed = 2008, Revoked = 2009, Expired = 2010;

    private static readonly int[] ActiveIds = [Clean, Unrestricted, NoExpiration, ExpiringSoon, NoIpRestriction, Unused, Dormant, NewNeverUsed];

    private static readonly Dictionary<AuditRule, int> Breaker = new()
    {
        [AuditRule.Unrestricted] = Unrestricted,
        [AuditRule.NoExpiration] = NoExpiration,
        [AuditRule.ExpiringSoon] = ExpiringSoon,
        [AuditRule.NoIpRestriction] = NoIpRestriction,
        [AuditRule.Unused] = Unused,
        [AuditRule.DormantPermissions] = Dormant,
    };

    private static string DaysAgo(double days) => Timestamps.ToPostgres(DateTimeOffset.UtcNow.AddDays(-days));

    /// <summary>A key that breaks no rule: restricted, expires in 180 days, IP-restricted, used two hours ago.</summary>
    private static SimKey CleanKey(int id, string label, Action<SimKey>? change = null)
    {
        var key = new SimKey
        {
            Id = id, Label = label, UserId = "5d1f0a9e3c2b4a6f8e7d0c1b", UserName = "Audit Bot", UserRole = "ORG_ADMIN", UserType = "bot",
            HasRestrictedPermissions = true, Permissions = ["business_edit", "review_read"], UserPermissions = ["business_edit", "review_read"],
            ExpirationDate = Today.AddDays(180), IpWhitelist = ["203.0.113.7"],
            LastUsedAt = DaysAgo(2.0 / 24), CreatedAt = DaysAgo(400), Secret = $"sim-secret-{id}",
            CreatedBy = "5d1f0a9e3c2b4a6f8e7d0c1b", CreatedByName = "Audit Bot",
        };
        change?.Invoke(key);
        return key;
    }

    private static List<SimKey> Seed() =>
    [
        CleanKey(Clean, "Clean caller", k => k.Secret = SeedData.CallerSecret),
        CleanKey(Unrestricted, "Unrestricted", k => k.HasRestrictedPermissions = false),
        CleanKey(NoExpiration, "No expiry", k => k.ExpirationDate = null),
        CleanKey(ExpiringSoon, "Expiring", k => { k.ExpirationDate = Today.AddDays(10); k.LastUsedAt = DaysAgo(40); }),
        CleanKey(NoIpRestriction, "Any IP", k => k.IpWhitelist = []),
        CleanKey(Unused, "Idle", k => k.LastUsedAt = DaysAgo(120)),
        CleanKey(Dormant, "Dormant", k => k.Permissions = ["business_edit", "review_read", "review_reply"]),
        CleanKey(NewNeverUsed, "Brand new", k => { k.LastUsedAt = null; k.CreatedAt = DaysAgo(10); }),
        CleanKey(Revoked, "Revoked mess", k =>
        {
            k.Disabled = true; k.RevokedAt = DaysAgo(5); k.HasRestrictedPermissions = false; k.ExpirationDate = null;
            k.IpWhitelist = []; k.LastUsedAt = DaysAgo(300); k.Permissions = ["business_edit", "review_read", "user_edit"];
        }),
        CleanKey(Expired, "Expired mess", k =>
        {
            k.ExpirationDate = Today.AddDays(-5); k.HasRestrictedPermissions = false; k.IpWhitelist = [];
            k.LastUsedAt = DaysAgo(300); k.Permissions = ["business_edit", "review_read", "user_edit"];
        }),
    ];

    private static Task<SimulatorSession> StartAsync() => SimulatorSession.StartAsync(Seed());

    private static List<ApiKeyFinding> Findings(EngineResult result)
    {
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        return result.Objects<ApiKeyFinding>().ToList();
    }

    [Fact]
    public async Task EachRuleIsFoundExactlyOnceAndTheCleanKeysNever()
    {
        await using var session = await StartAsync();
        var findings = Findings(session.Run("Get-PartooApiKeyAudit"));

        Assert.Equal(Breaker.Count, findings.Count);
        foreach (var (rule, id) in Breaker)
            Assert.Equal(id, Assert.Single(findings, f => f.Rule == rule).KeyId);
        Assert.DoesNotContain(findings, f => f.KeyId is Clean or NewNeverUsed or Revoked or Expired);

        Assert.Equal("/v2/permissions", session.Simulator.Requests[0].Path); // the catalogue rules' one read
        var requests = session.Simulator.Requests.Skip(1).ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("active", r.QueryValues["status"]));
        Assert.False(requests[0].QueryValues.ContainsKey("include_all_permissions"));
        Assert.Equal("true", requests[1].QueryValues["include_all_permissions"]);
    }

    [Fact]
    public async Task FindingsCarryTheFactsAndTheCommandThatFixesThem()
    {
        await using var session = await StartAsync();
        var findings = Findings(session.Run("Get-PartooApiKeyAudit")).ToDictionary(f => f.Rule);
        var renewed = Today.AddDays(90).ToString("yyyy-MM-dd");

        Assert.Equal(AuditSeverity.High, findings[AuditRule.Unrestricted].Severity);
        Assert.Equal($"Set-PartooApiKey -Id {Unrestricted} -Permission <the permissions it needs>", findings[AuditRule.Unrestricted].Recommendation);
        Assert.Equal(AuditSeverity.Medium, findings[AuditRule.NoExpiration].Severity);
        Assert.Equal($"Set-PartooApiKey -Id {NoExpiration} -ExpirationDate {renewed}", findings[AuditRule.NoExpiration].Recommendation);
        Assert.Equal(AuditSeverity.Low, findings[AuditRule.ExpiringSoon].Severity);
        Assert.Contains("in 10 days", findings[AuditRule.ExpiringSoon].Detail);
        Assert.Equal($"Set-PartooApiKey -Id {ExpiringSoon} -ExpirationDate {renewed}", findings[AuditRule.ExpiringSoon].Recommendation);
        Assert.Equal(AuditSeverity.Medium, findings[AuditRule.NoIpRestriction].Severity);
        Assert.Equal($"Set-PartooApiKey -Id {NoIpRestriction} -IpWhitelist <your egress IPs>", findings[AuditRule.NoIpRestriction].Recommendation);
        Assert.Equal(AuditSeverity.Medium, findings[AuditRule.Unused].Severity);
        Assert.StartsWith("last used 120 days ago", findings[AuditRule.Unused].Detail, StringComparison.Ordinal);
        Assert.Equal($"Revoke-PartooApiKey -Id {Unused}", findings[AuditRule.Unused].Recommendation);
        Assert.Equal(AuditSeverity.Low, findings[AuditRule.DormantPermissions].Severity);
        Assert.Contains("review_reply", findings[AuditRule.DormantPermissions].Detail);
        Assert.Equal($"Set-PartooApiKey -Id {Dormant} -RemovePermission review_reply", findings[AuditRule.DormantPermissions].Recommendation);
        Assert.All(findings.Values, f => Assert.Equal(f.KeyId, f.ApiKey.Id));
        Assert.Equal("Idle", findings[AuditRule.Unused].Label);
    }

    [Fact]
    public async Task FindingsComeSortedBySeverityThenKey()
    {
        await using var session = await StartAsync();
        var findings = Findings(session.Run("Get-PartooApiKeyAudit -ExpiringWithinDays 200 -UnusedForDays 5"));
        Assert.True(findings.Count > Breaker.Count);
        var expected = findings.OrderByDescending(f => f.Severity).ThenBy(f => f.KeyId).ThenBy(f => f.Rule).ToList();
        Assert.Equal(expected, findings);
    }

    public static TheoryData<string, AuditRule, int[]> Thresholds() => new()
    {
        { "-ExpiringWithinDays 5", AuditRule.ExpiringSoon, [] },
        { "-ExpiringWithinDays 10", AuditRule.ExpiringSoon, [ExpiringSoon] },
        { "-ExpiringWithinDays 0", AuditRule.ExpiringSoon, [] },
        { "-ExpiringWithinDays 200", AuditRule.ExpiringSoon, [Clean, Unrestricted, ExpiringSoon, NoIpRestriction, Unused, Dormant, NewNeverUsed] },
        { "-UnusedForDays 150", AuditRule.Unused, [] },
        { "-UnusedForDays 30", AuditRule.Unused, [ExpiringSoon, Unused] },
        { "-UnusedForDays 5", AuditRule.Unused, [ExpiringSoon, Unused, NewNeverUsed] },
    };

    [Theory]
    [MemberData(nameof(Thresholds))]
    public async Task ThresholdsMoveFindingsInAndOut(string parameters, AuditRule rule, int[] expectedIds)
    {
        await using var session = await StartAsync();
        var findings = Findings(session.Run($"Get-PartooApiKeyAudit -Rule {rule} {parameters}"));
        Assert.All(findings, f => Assert.Equal(rule, f.Rule));
        Assert.Equal(expectedIds, findings.Select(f => f.KeyId).Order());
    }

    [Fact]
    public async Task TheRecommendedDateIsNotItselfExpiringSoon()
    {
        await using var session = await StartAsync();
        var finding = Assert.Single(Findings(session.Run("Get-PartooApiKeyAudit -Rule NoExpiration -ExpiringWithinDays 120")));
        Assert.EndsWith("-ExpirationDate " + Today.AddDays(121).ToString("yyyy-MM-dd"), finding.Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleLimitsTheRulesAndSkipsTheSecondRead()
    {
        await using var session = await StartAsync();
        var findings = Findings(session.Run("Get-PartooApiKeyAudit -Rule NoExpiration, Unused, Unrestricted, NoIpRestriction, ExpiringSoon"));
        Assert.Equal([AuditRule.Unrestricted, AuditRule.NoExpiration, AuditRule.ExpiringSoon, AuditRule.NoIpRestriction, AuditRule.Unused], findings.Select(f => f.Rule).Order());
        var request = Assert.Single(session.Simulator.Requests);
        Assert.False(request.QueryValues.ContainsKey("include_all_permissions"));
    }

    [Fact]
    public async Task DormantPermissionsAloneListsTwiceWithTheSameFilters()
    {
        await using var session = await StartAsync();
        var findings = Findings(session.Run("Get-PartooApiKeyAudit -Rule DormantPermissions -Type Bot"));
        Assert.Equal(Dormant, Assert.Single(findings).KeyId);
        var requests = session.Simulator.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => { Assert.Equal("/v2/api_keys", r.Path); Assert.Equal("active", r.QueryValues["status"]); Assert.Equal("bot", r.QueryValues["type"]); });
        Assert.Equal([false, true], requests.Select(r => r.QueryValues.ContainsKey("include_all_permissions")));
    }

    [Fact]
    public async Task PipedKeysAreAuditedWithoutListingAgain()
    {
        await using var session = await StartAsync();
        var result = session.Run("""
            $keys = Get-PartooApiKey -Status Active
            $sim.ClearRequests()
            $keys | Get-PartooApiKeyAudit -Rule Unrestricted, NoExpiration, ExpiringSoon, NoIpRestriction, Unused
            """);
        var findings = Findings(result);
        Assert.Equal(Breaker.Where(b => b.Key != AuditRule.DormantPermissions).Select(b => (b.Key, b.Value)).Order(),
            findings.Select(f => (f.Rule, f.KeyId)).Order());
        Assert.Empty(session.Simulator.Requests);
    }

    [Fact]
    public async Task PipedKeysAreReadOnceMoreEachOnlyForDormantPermissions()
    {
        await using var session = await StartAsync();
        var result = session.Run("""
            $keys = Get-PartooApiKey -Status Active
            $sim.ClearRequests()
            $keys | Get-PartooApiKeyAudit
            """);
        var findings = Findings(result);
        Assert.Equal(Breaker.Select(b => (b.Key, b.Value)).Order(), findings.Select(f => (f.Rule, f.KeyId)).Order());
        Assert.Single(session.Simulator.Requests, r => r.Path == "/v2/permissions");
        var requests = session.Simulator.Requests.Where(r => r.Path != "/v2/permissions").ToList();
        Assert.Equal(ActiveIds.Select(id => $"/v2/api_keys/{id}").Order(), requests.Select(r => r.Path).Order());
        Assert.All(requests, r => Assert.Equal("true", r.QueryValues["include_all_permissions"]));
    }

    [Fact]
    public async Task PipedCompleteKeysAreComparedWithANormalRead()
    {
        await using var session = await StartAsync();
        var result = session.Run("""
            $keys = Get-PartooApiKey -Id 2001, 2007 -IncludeAllPermissions
            $sim.ClearRequests()
            $keys | Get-PartooApiKeyAudit -Rule DormantPermissions
            """);
        Assert.Equal(Dormant, Assert.Single(Findings(result)).KeyId);
        var requests = session.Simulator.Requests;
        Assert.Equal(["/v2/api_keys/2001", "/v2/api_keys/2007"], requests.Select(r => r.Path).Order());
        Assert.All(requests, r => Assert.False(r.QueryValues.ContainsKey("include_all_permissions")));
    }

    [Fact]
    public async Task APipedKeyThatNoLongerExistsIsAnErrorAndTheOthersAreStillAudited()
    {
        await using var session = await StartAsync();
        var result = session.Run("""
            $ghost = Get-PartooApiKey -Id 2001   # a real key object (ApiKey has no public constructor), made to point nowhere
            $ghost.Id = 999999
            $ghost.Label = 'Ghost'
            @($ghost) + @(Get-PartooApiKey -Id 2007) | Get-PartooApiKeyAudit -Rule DormantPermissions, NoExpiration
            """);
        var error = result.SingleError();
        Assert.StartsWith("GetPartooApiKeyAuditNotFound", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        var finding = Assert.Single(result.Objects<ApiKeyFinding>());
        Assert.Equal((AuditRule.DormantPermissions, Dormant), (finding.Rule, finding.KeyId));
    }

    [Fact]
    public async Task SummaryCountsMatchTheFindings()
    {
        await using var session = await StartAsync();
        var findings = Findings(session.Run("Get-PartooApiKeyAudit -ExpiringWithinDays 200 -UnusedForDays 30"));
        var summaries = session.Run("Get-PartooApiKeyAudit -ExpiringWithinDays 200 -UnusedForDays 30 -Summary").Objects<ApiKeyAuditSummary>().ToList();

        Assert.Equal(Enum.GetValues<AuditRule>().Order(), summaries.Select(s => s.Rule).Order());
        Assert.Equal(summaries.OrderByDescending(s => s.Severity).ThenBy(s => s.Rule), summaries);
        foreach (var summary in summaries)
        {
            var ids = findings.Where(f => f.Rule == summary.Rule).Select(f => f.KeyId).Order().ToArray();
            Assert.Equal(ids.Length, summary.Count);
            Assert.Equal(ids, summary.KeyIds);
        }
        Assert.Equal(7, summaries.Single(s => s.Rule == AuditRule.ExpiringSoon).Count);
    }

    [Fact]
    public async Task SummaryListsTheChosenRulesEvenWithNoFinding()
    {
        await using var session = await StartAsync();
        var summaries = session.Run("Get-PartooApiKeyAudit -Rule ExpiringSoon, Unused -ExpiringWithinDays 5 -Summary").Objects<ApiKeyAuditSummary>().ToList();
        Assert.Equal([(AuditRule.Unused, 1), (AuditRule.ExpiringSoon, 0)], summaries.Select(s => (s.Rule, s.Count)));
    }

    [Fact]
    public async Task FindingsAreFlatForCsvAndJsonExceptTheKeyItself()
    {
        await using var session = await StartAsync();
        var result = session.Run("Get-PartooApiKeyAudit -Rule Unused");
        var finding = Assert.Single(result.Output);
        var properties = finding.Properties.Where(p => p.MemberType == PSMemberTypes.Property).ToDictionary(p => p.Name, p => p.TypeNameOfValue);
        Assert.Equal(["ApiKey", "Detail", "Id", "KeyId", "Label", "Recommendation", "Rule", "Severity"], properties.Keys.Order());
        Assert.Equal(typeof(int).FullName, properties["KeyId"]);
        foreach (var name in new[] { "Label", "Detail", "Recommendation" }) Assert.Equal(typeof(string).FullName, properties[name]);
        Assert.Equal(typeof(AuditRule).FullName, properties["Rule"]);
        Assert.Equal(typeof(AuditSeverity).FullName, properties["Severity"]);
        Assert.Equal("PartooKeys.ApiKeyFinding", finding.TypeNames[0]);

        var piped = session.Run("Get-PartooApiKeyAudit -Rule Unused | ForEach-Object ApiKey");
        Assert.Equal(Unused, Assert.Single(piped.Objects<ApiKey>()).Id);
        var severe = session.Run("Get-PartooApiKeyAudit | Where-Object Severity -ge Medium | ForEach-Object KeyId");
        Assert.Equal([Unrestricted, NoExpiration, NoIpRestriction, Unused], severe.Objects<int>().Order());
    }

    [Fact]
    public async Task TheTableViewIsGroupedBySeverity()
    {
        await using var session = await StartAsync();
        session.Run("Get-PartooApiKeyAudit | Out-Default");
        var text = session.Shell.Host.Text;
        foreach (var column in new[] { "KeyId", "Label", "Rule", "Detail", "Recommendation" }) Assert.Contains(column, text);
        var high = text.IndexOf("Severity: High", StringComparison.Ordinal);
        var medium = text.IndexOf("Severity: Medium", StringComparison.Ordinal);
        var low = text.IndexOf("Severity: Low", StringComparison.Ordinal);
        Assert.True(high >= 0 && high < medium && medium < low, text);
        foreach (var group in new[] { "Severity: High", "Severity: Medium", "Severity: Low" })
            Assert.Equal(1, CountOf(text, group));
        Assert.Contains("Revoke-Partoo", text);
        Assert.DoesNotContain("HasRestrictedPermissions", text);
        Assert.True(text.IndexOf("Unrestricted", StringComparison.Ordinal) < text.IndexOf("Idle", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSummaryTableShowsCountsAndKeyIds()
    {
        await using var session = await StartAsync();
        session.Run("Get-PartooApiKeyAudit -Summary -UnusedForDays 30 | Out-Default");
        var text = session.Shell.Host.Text;
        foreach (var column in new[] { "Rule", "Severity", "Count", "KeyIds" }) Assert.Contains(column, text);
        Assert.Contains($"{ExpiringSoon}, {Unused}", text);
    }

    [Fact]
    public async Task TheSummaryTableCutsLongIdListsToFiveAndACountWhileTheObjectKeepsThemAll()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(30));
        var summaries = session.Run("Get-PartooApiKeyAudit -Summary").Output.Select(o => o.BaseObject).Cast<ApiKeyAuditSummary>().ToList();
        var longest = summaries.OrderByDescending(s => s.Count).First();
        Assert.True(longest.Count > 5, "the seed must have a rule broken by more than five keys");
        Assert.Equal(longest.Count, longest.KeyIds.Length);
        session.Run("Get-PartooApiKeyAudit -Summary | Out-Default");
        var text = session.Shell.Host.Text;
        Assert.Contains(string.Join(", ", longest.KeyIds.Take(5)) + ", \u2026 (+" + (longest.Count - 5) + ")", text, StringComparison.Ordinal);
        Assert.DoesNotContain(string.Join(", ", longest.KeyIds.Take(6)), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredKeysAreAuditedOnlyForWhatTheyStoreAndRevokedKeysNotAtAll()
    {
        await using var session = await StartAsync();
        var expired = Findings(session.Run("Get-PartooApiKeyAudit -Status Expired"));
        Assert.All(expired, f => Assert.Equal(Expired, f.KeyId));
        Assert.Equal([AuditRule.Unrestricted, AuditRule.NoIpRestriction, AuditRule.DormantPermissions], expired.Select(f => f.Rule).Order());
        Assert.All(expired, f => Assert.Contains("expired on", f.Detail));

        var revoked = session.Run("Get-PartooApiKeyAudit -Status Disabled -Verbose");
        Assert.Empty(Findings(revoked));
        Assert.Contains(revoked.Verbose, v => v.Message.Contains($"Key {Revoked}") && v.Message.Contains("revoked"));
        var request = Assert.Single(session.Simulator.Requests, r => r.QueryValues.GetValueOrDefault("status") == "disabled");
        Assert.False(request.QueryValues.ContainsKey("include_all_permissions")); // nothing to audit: no second listing
    }

    [Theory]
    [InlineData("-ExpiringWithinDays -1")]
    [InlineData("-ExpiringWithinDays 36501")]
    [InlineData("-UnusedForDays 0")]
    [InlineData("-Rule Nonsense")]
    [InlineData("-Status Active -InputObject $key")]
    [InlineData("-Type Bot -InputObject $key")]
    public async Task InvalidArgumentsAreRefusedBeforeAnyRequest(string parameters)
    {
        await using var session = await StartAsync();
        var result = session.Run($"$key = Get-PartooApiKey -Id {Clean}; $sim.ClearRequests(); Get-PartooApiKeyAudit {parameters}");
        Assert.IsAssignableFrom<ParameterBindingException>(result.AnyError().Exception);
        Assert.Empty(session.Simulator.Requests);
    }

    [Fact]
    public async Task ProgressAndVerboseAreWrittenAsByGetPartooApiKey()
    {
        await using var session = await StartAsync();
        var result = session.Run("Get-PartooApiKeyAudit -Verbose");
        Assert.Contains(result.Progress, p => p.StatusDescription.Contains("Listing keys: page 1 of 1", StringComparison.Ordinal));
        Assert.Contains(result.Progress, p => p.StatusDescription.Contains("all their stored permissions", StringComparison.Ordinal));
        Assert.Equal(ProgressRecordType.Completed, result.Progress[^1].RecordType);
        Assert.Contains(result.Verbose, v => v.Message.StartsWith("GET /v2/api_keys?", StringComparison.Ordinal));
        Assert.Contains(result.Verbose, v => v.Message.Contains("Audited 8 keys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedSecondListingStopsTheAuditWithoutPartialFindings()
    {
        await using var session = await StartAsync();
        session.Simulator.Knobs.Override = r => r.QueryValues.ContainsKey("include_all_permissions")
            ? (502, "text/html", "<html><body>Bad gateway</body></html>")
            : null;
        var result = session.Run("Get-PartooApiKeyAudit");
        var error = result.AnyError();
        Assert.StartsWith("GetPartooApiKeyAuditServerError", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(result.Objects<ApiKeyFinding>());
    }

    [Fact]
    public void TheHelpExamplesParseAndCoverTheRunbookAndTheFixPipeline()
    {
        using var shell = new PowerShellSession();
        var codes = shell.Run("(Get-Help Get-PartooApiKeyAudit -Examples).examples.example | ForEach-Object code").Output
            .Select(o => o.ToString()).ToList();
        Assert.True(codes.Count >= 3);
        foreach (var code in codes)
        {
            System.Management.Automation.Language.Parser.ParseInput(code, out _, out var errors);
            Assert.True(errors.Length == 0, code + "\n" + string.Join("; ", errors.Select(e => e.Message)));
        }
        Assert.Contains("Get-PartooApiKeyAudit -Rule NoExpiration | ForEach-Object ApiKey | Set-PartooApiKey -ExpirationDate (Get-Date).AddDays(90) -WhatIf", codes);
        Assert.Contains(codes, c => c.Contains("Export-Csv") && c.Contains("ConvertTo-Html") && c.Contains("Send-MailMessage"));
        Assert.Contains(codes, c => c.Contains("Send-MgUserMail"));
        var syntax = string.Join("\n", shell.Run("Get-Help Get-PartooApiKeyAudit | ForEach-Object { $_.syntax.syntaxItem } | ForEach-Object { $_.parameter.name }").Output);
        Assert.Contains("InputObject", syntax);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
