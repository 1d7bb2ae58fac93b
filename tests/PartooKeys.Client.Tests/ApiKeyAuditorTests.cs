namespace PartooKeys.Client.Tests;

/// <summary>The audit rules as pure logic: fixed "now", hand-made keys, no HTTP, no PowerShell.</summary>
public sealed class ApiKeyAuditorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 30, 0, TimeSpan.Zero);
    private static readonly DateTime Today = new(2026, 11, 22);

    private static ApiKeyAuditor Auditor(IEnumerable<AuditRule>? rules = null, int expiring = 30, int unused = 90) => new(rules, expiring, unused, Now);

    /// <summary>Breaks no rule: restricted, expires in 180 days, IP-restricted, used yesterday.</summary>
    private static ApiKey Clean(int id = 1, Action<ApiKey>? change = null)
    {
        var key = new ApiKey
        {
            Id = id, Label = "Key " + id, UserRole = "ORG_ADMIN", HasRestrictedPermissions = true,
            Permissions = ["business_edit", "review_read"], ExpirationDate = Today.AddDays(180), IpWhitelist = ["203.0.113.7"],
            LastUsedAt = Now.AddDays(-1), CreatedAt = Now.AddDays(-400),
        };
        change?.Invoke(key);
        return key;
    }

    private static ApiKey Complete(ApiKey key, params string[] permissions)
    {
        var copy = Clean(key.Id);
        copy.Permissions = permissions;
        copy.PermissionsAreComplete = true;
        return copy;
    }

    private static AuditRule[] Rules(IEnumerable<ApiKeyFinding> findings) => findings.Select(f => f.Rule).ToArray();

    [Fact]
    public void ACleanKeyBreaksNoRule()
    {
        var key = Clean();
        Assert.Empty(Auditor().Audit(key, Complete(key, key.Permissions.ToArray())));
    }

    [Fact]
    public void EachRuleHasItsSeverity()
    {
        Assert.Equal(AuditSeverity.High, ApiKeyAuditor.SeverityOf(AuditRule.Unrestricted));
        Assert.Equal(AuditSeverity.Medium, ApiKeyAuditor.SeverityOf(AuditRule.NoExpiration));
        Assert.Equal(AuditSeverity.Medium, ApiKeyAuditor.SeverityOf(AuditRule.NoIpRestriction));
        Assert.Equal(AuditSeverity.Medium, ApiKeyAuditor.SeverityOf(AuditRule.Unused));
        Assert.Equal(AuditSeverity.Low, ApiKeyAuditor.SeverityOf(AuditRule.ExpiringSoon));
        Assert.Equal(AuditSeverity.Low, ApiKeyAuditor.SeverityOf(AuditRule.DormantPermissions));
        Assert.True(AuditSeverity.High > AuditSeverity.Medium && AuditSeverity.Medium > AuditSeverity.Low);
    }

    [Fact]
    public void Unrestricted()
    {
        var finding = Assert.Single(Auditor().Audit(Clean(3245, k => k.HasRestrictedPermissions = false)));
        Assert.Equal(AuditRule.Unrestricted, finding.Rule);
        Assert.Equal(AuditSeverity.High, finding.Severity);
        Assert.Contains("ORG_ADMIN", finding.Detail);
        Assert.Equal("Set-PartooApiKey -Id 3245 -Permission <the permissions it needs>", finding.Recommendation);
    }

    [Fact]
    public void NoExpirationRecommendsADateNinetyDaysAway()
    {
        var finding = Assert.Single(Auditor().Audit(Clean(3245, k => k.ExpirationDate = null)));
        Assert.Equal(AuditRule.NoExpiration, finding.Rule);
        Assert.Equal("Set-PartooApiKey -Id 3245 -ExpirationDate 2027-02-20", finding.Recommendation);
        Assert.Contains("created 400 days ago (2025-10-18)", finding.Detail);
    }

    [Theory]
    [InlineData(0, "today (its last valid day)")]
    [InlineData(1, "tomorrow")]
    [InlineData(29, "in 29 days")]
    [InlineData(30, "in 30 days")]
    public void ExpiringSoonIncludesTheThresholdDay(int daysLeft, string when)
    {
        var finding = Assert.Single(Auditor().Audit(Clean(7, k => k.ExpirationDate = Today.AddDays(daysLeft))));
        Assert.Equal(AuditRule.ExpiringSoon, finding.Rule);
        Assert.EndsWith(when, finding.Detail, StringComparison.Ordinal);
        Assert.Equal("Set-PartooApiKey -Id 7 -ExpirationDate 2027-02-20", finding.Recommendation);
    }

    [Fact]
    public void ExpiringSoonExcludesTheDayAfterTheThreshold() =>
        Assert.Empty(Auditor().Audit(Clean(7, k => k.ExpirationDate = Today.AddDays(31))));

    [Fact]
    public void TheRecommendedDateLiesBeyondTheExpiringThreshold()
    {
        Assert.Equal(Today.AddDays(90), Auditor(expiring: 89).ProposedExpirationDate);
        Assert.Equal(Today.AddDays(121), Auditor(expiring: 120).ProposedExpirationDate);
    }

    [Fact]
    public void NoIpRestriction()
    {
        var finding = Assert.Single(Auditor().Audit(Clean(9, k => k.IpWhitelist = [])));
        Assert.Equal(AuditRule.NoIpRestriction, finding.Rule);
        Assert.Equal("Set-PartooApiKey -Id 9 -IpWhitelist <your egress IPs>", finding.Recommendation);
    }

    [Fact]
    public void UnusedCountsFromTheLastUse()
    {
        var finding = Assert.Single(Auditor().Audit(Clean(5, k => k.LastUsedAt = Now.AddDays(-214))));
        Assert.Equal(AuditRule.Unused, finding.Rule);
        Assert.Equal("last used 214 days ago (2026-04-22)", finding.Detail);
        Assert.Equal("Revoke-PartooApiKey -Id 5", finding.Recommendation);

        Assert.Single(Auditor().Audit(Clean(5, k => k.LastUsedAt = Now.AddDays(-90))));
        Assert.Empty(Auditor().Audit(Clean(5, k => k.LastUsedAt = Now.AddDays(-90).AddMinutes(1))));
    }

    [Fact]
    public void UnusedCountsFromTheCreationWhenNeverUsed()
    {
        var finding = Assert.Single(Auditor().Audit(Clean(5, k => { k.LastUsedAt = null; k.CreatedAt = Now.AddDays(-100); })));
        Assert.StartsWith("never used; created 100 days ago", finding.Detail, StringComparison.Ordinal);
        Assert.Empty(Auditor().Audit(Clean(5, k => { k.LastUsedAt = null; k.CreatedAt = Now.AddDays(-10); })));
        Assert.Empty(Auditor().Audit(Clean(5, k => { k.LastUsedAt = null; k.CreatedAt = null; })));
    }

    [Fact]
    public void DormantPermissionsComparesBothReadsWhicheverCameFirst()
    {
        var cut = Clean(11);
        var complete = Complete(cut, "business_edit", "post_create", "review_read", "user_edit");
        foreach (var (key, other) in new[] { (cut, complete), (complete, cut) })
        {
            var finding = Assert.Single(Auditor().Audit(key, other));
            Assert.Equal(AuditRule.DormantPermissions, finding.Rule);
            Assert.Same(key, finding.ApiKey);
            Assert.Contains("2 permissions", finding.Detail);
            Assert.Equal("Set-PartooApiKey -Id 11 -RemovePermission post_create,user_edit", finding.Recommendation);
        }
    }

    [Fact]
    public void DormantPermissionsNeedsTheOtherRead()
    {
        var cut = Clean(11);
        Assert.Empty(Auditor().Audit(cut));
        Assert.Throws<ArgumentException>(() => Auditor().Audit(cut, Clean(11)));
        Assert.Throws<ArgumentException>(() => Auditor().Audit(cut, Complete(Clean(12), "x")));
    }

    [Fact]
    public void OddPermissionNamesAreQuotedInTheCommand()
    {
        var cut = Clean(11);
        var finding = Assert.Single(Auditor().Audit(cut, Complete(cut, "business_edit", "review_read", "it's odd")));
        Assert.Equal("Set-PartooApiKey -Id 11 -RemovePermission 'it''s odd'", finding.Recommendation);
    }

    private static ApiKey BreaksEverything(int id, Action<ApiKey>? change = null) => Clean(id, k =>
    {
        k.HasRestrictedPermissions = false;
        k.ExpirationDate = null;
        k.IpWhitelist = [];
        k.LastUsedAt = Now.AddDays(-300);
        change?.Invoke(k);
    });

    [Fact]
    public void RevokedKeysAreNeverAudited()
    {
        var key = BreaksEverything(3, k => k.Disabled = true);
        Assert.NotNull(ApiKeyAuditor.SkipReason(key));
        Assert.Empty(Auditor().Audit(key, Complete(key, "a", "b", "c")));
    }

    [Fact]
    public void ExpiredKeysAreAuditedOnlyForWhatTheyStore()
    {
        var key = BreaksEverything(4, k => k.ExpirationDate = Today.AddDays(-1));
        var findings = Auditor().Audit(key, Complete(key, "business_edit", "review_read", "user_edit"));
        Assert.Equal([AuditRule.Unrestricted, AuditRule.NoIpRestriction, AuditRule.DormantPermissions], Rules(findings));
        Assert.All(findings, f => Assert.Contains("expired on 2026-11-21", f.Detail));
    }

    [Fact]
    public void AKeyValidThroughTodayIsActive()
    {
        var auditor = Auditor();
        Assert.False(auditor.IsExpired(Clean(1, k => k.ExpirationDate = Today)));
        Assert.True(auditor.IsExpired(Clean(1, k => k.ExpirationDate = Today.AddDays(-1))));
    }

    /// <summary>"Today" is the UTC date of the moment given, not the date its offset shows: 09:00 in Kiritimati (UTC+14) on the 8th is the 7th, UTC.</summary>
    [Theory]
    [InlineData(8, 9, 14, 7)]   // Pacific/Kiritimati: 19:00 UTC on the 7th
    [InlineData(7, 20, -8, 8)]  // America/Los_Angeles: 04:00 UTC on the 8th
    public void TodayIsTheUtcDateOfNowWhateverItsOffset(int day, int hour, int offsetHours, int utcDay)
    {
        var now = new DateTimeOffset(2026, 12, day, hour, 0, 0, TimeSpan.FromHours(offsetHours));
        var auditor = new ApiKeyAuditor([AuditRule.ExpiringSoon], 0, 90, now);
        var utcToday = new DateTime(2026, 12, utcDay);

        Assert.Equal(utcToday, auditor.Today);
        var finding = Assert.Single(auditor.Audit(Clean(7, k => k.ExpirationDate = utcToday)));
        Assert.EndsWith("today (its last valid day)", finding.Detail, StringComparison.Ordinal);
        Assert.True(auditor.IsExpired(Clean(8, k => k.ExpirationDate = utcToday.AddDays(-1))));
    }

    [Fact]
    public void RulesLimitTheFindings()
    {
        var key = BreaksEverything(8);
        Assert.Equal([AuditRule.Unrestricted, AuditRule.NoExpiration, AuditRule.NoIpRestriction, AuditRule.Unused], Rules(Auditor().Audit(key)));
        Assert.Equal([AuditRule.NoExpiration], Rules(Auditor([AuditRule.NoExpiration, AuditRule.NoExpiration]).Audit(key)));
        Assert.Equal(ApiKeyAuditor.AllRules, Auditor([]).Rules);
        Assert.Equal([AuditRule.NoExpiration, AuditRule.Unused], Auditor([AuditRule.Unused, AuditRule.NoExpiration, AuditRule.Unused]).Rules);
        Assert.False(Auditor([AuditRule.Unused]).NeedsBothPermissionLists);
        Assert.True(Auditor().NeedsBothPermissionLists);
    }

    [Fact]
    public void SortPutsHighFirstThenKeyThenRule()
    {
        var auditor = Auditor();
        var findings = auditor.Audit(BreaksEverything(20)).Concat(auditor.Audit(BreaksEverything(10))).ToList();
        var sorted = ApiKeyAuditor.Sort(findings);
        Assert.Equal(
            [(AuditSeverity.High, 10, AuditRule.Unrestricted), (AuditSeverity.High, 20, AuditRule.Unrestricted),
             (AuditSeverity.Medium, 10, AuditRule.NoExpiration), (AuditSeverity.Medium, 10, AuditRule.NoIpRestriction), (AuditSeverity.Medium, 10, AuditRule.Unused),
             (AuditSeverity.Medium, 20, AuditRule.NoExpiration), (AuditSeverity.Medium, 20, AuditRule.NoIpRestriction), (AuditSeverity.Medium, 20, AuditRule.Unused)],
            sorted.Select(f => (f.Severity, f.KeyId, f.Rule)));
    }

    [Fact]
    public void SummaryHasEveryChosenRuleWithItsKeys()
    {
        var auditor = Auditor([AuditRule.ExpiringSoon, AuditRule.NoExpiration, AuditRule.Unrestricted]);
        var findings = auditor.Audit(BreaksEverything(20)).Concat(auditor.Audit(BreaksEverything(10))).Concat(auditor.Audit(Clean(30, k => k.ExpirationDate = null)));
        var summaries = auditor.Summarize(findings);
        Assert.Equal([AuditRule.Unrestricted, AuditRule.NoExpiration, AuditRule.ExpiringSoon], summaries.Select(s => s.Rule));
        Assert.Equal([10, 20], summaries[0].KeyIds);
        Assert.Equal([10, 20, 30], summaries[1].KeyIds);
        Assert.Equal(3, summaries[1].Count);
        Assert.Equal(0, summaries[2].Count);
    }

    [Theory]
    [InlineData(-1, 90)]
    [InlineData(36501, 90)]
    [InlineData(30, 0)]
    [InlineData(30, 36501)]
    public void ThresholdsOutOfRangeAreRefused(int expiring, int unused) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Auditor(expiring: expiring, unused: unused));
}
