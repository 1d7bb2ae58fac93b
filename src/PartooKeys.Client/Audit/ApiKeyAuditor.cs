using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace PartooKeys;

/// <summary>
/// The key-hygiene rules, as pure logic: keys, thresholds and "now" in, findings out. Knows nothing
/// of PowerShell or HTTP; the caller reads the keys (and, for DormantPermissions, the second list).
/// </summary>
/// <remarks>
/// Which keys are audited: a revoked (disabled) key is never audited, since revocation is final and
/// the key can do nothing. An expired key is audited only against the rules about what it stores
/// (Unrestricted, NoIpRestriction, DormantPermissions), which come back to life if its expiration
/// date is ever extended; the rules about time (NoExpiration, ExpiringSoon, Unused) apply to active
/// keys only.
/// </remarks>
public sealed class ApiKeyAuditor
{
    public const int DefaultExpiringWithinDays = 30;
    public const int DefaultUnusedForDays = 90;

    /// <summary>How far from today a recommended new expiration date lies (at least; see ProposedExpirationDate).</summary>
    public const int RenewalDays = 90;

    /// <summary>The largest threshold accepted, in days (100 years).</summary>
    public const int MaxThresholdDays = 36500;

    public static IReadOnlyList<AuditRule> AllRules { get; } = (AuditRule[])Enum.GetValues(typeof(AuditRule));

    private static readonly Regex PlainPermission = new("^[A-Za-z0-9_.:-]+$", RegexOptions.CultureInvariant);
    private readonly HashSet<AuditRule> _rules;

    /// <param name="rules">The rules to check; null or empty means all.</param>
    /// <param name="now">The moment the audit is about; its UTC date is "today".</param>
    public ApiKeyAuditor(IEnumerable<AuditRule>? rules, int expiringWithinDays, int unusedForDays, DateTimeOffset now)
    {
        if (expiringWithinDays is < 0 or > MaxThresholdDays)
            throw new ArgumentOutOfRangeException(nameof(expiringWithinDays), expiringWithinDays, $"Must be between 0 and {MaxThresholdDays}.");
        if (unusedForDays is < 1 or > MaxThresholdDays)
            throw new ArgumentOutOfRangeException(nameof(unusedForDays), unusedForDays, $"Must be between 1 and {MaxThresholdDays}.");
        var chosen = rules?.ToList();
        _rules = new HashSet<AuditRule>(chosen is { Count: > 0 } ? chosen : AllRules);
        Rules = AllRules.Where(_rules.Contains).ToArray();
        ExpiringWithinDays = expiringWithinDays;
        UnusedForDays = unusedForDays;
        Now = now.ToUniversalTime();
        Today = Now.UtcDateTime.Date;
    }

    /// <summary>The rules checked, in declaration order, without repeats.</summary>
    public IReadOnlyList<AuditRule> Rules { get; }
    public int ExpiringWithinDays { get; }
    public int UnusedForDays { get; }
    public DateTimeOffset Now { get; }
    public DateTime Today { get; }

    /// <summary>
    /// The organisation's permission catalogue, for UnknownPermission and MissingDependency; while
    /// null (not read, or Partoo refused it) those two rules are not evaluated.
    /// </summary>
    public PermissionCatalogue? Catalogue { get; set; }

    /// <summary>Whether the catalogue rules are checked and can be (a catalogue is set).</summary>
    public bool ChecksCatalogueRules => Catalogue is not null && (Checks(AuditRule.UnknownPermission) || Checks(AuditRule.MissingDependency));

    /// <summary>Whether the catalogue is worth reading: a catalogue rule is asked for.</summary>
    public bool WantsCatalogue => Checks(AuditRule.UnknownPermission) || Checks(AuditRule.MissingDependency);

    /// <summary>
    /// DormantPermissions needs the second read (include_all_permissions=true); so do the catalogue
    /// rules, which judge the key's full stored list.
    /// </summary>
    public bool NeedsBothPermissionLists => Checks(AuditRule.DormantPermissions) || ChecksCatalogueRules;

    /// <summary>
    /// The expiration date recommended for a key without one or expiring soon: today + 90 days, or
    /// later when ExpiringWithinDays is 90 or more, so that the new date is not flagged at once.
    /// </summary>
    public DateTime ProposedExpirationDate => Today.AddDays(Math.Max(RenewalDays, ExpiringWithinDays + 1));

    public bool Checks(AuditRule rule) => _rules.Contains(rule);

    public static AuditSeverity SeverityOf(AuditRule rule) => rule switch
    {
        AuditRule.Unrestricted => AuditSeverity.High,
        AuditRule.NoExpiration or AuditRule.NoIpRestriction or AuditRule.Unused => AuditSeverity.Medium,
        _ => AuditSeverity.Low,
    };

    /// <summary>Why the key is not audited at all, or null when it is.</summary>
    public static string? SkipReason(ApiKey key) => key.Disabled ? "it is revoked" : null;

    public bool IsExpired(ApiKey key) => !key.Disabled && key.ExpirationDate is DateTime expires && expires.Date < Today;

    /// <summary>
    /// The findings for one key, in rule order.
    /// </summary>
    /// <param name="key">The key as listed or piped in.</param>
    /// <param name="otherRead">
    /// The same key read the other way (with include_all_permissions when <paramref name="key"/> was
    /// read without, and the reverse). Needed by DormantPermissions only; without it that rule is not
    /// evaluated for this key.
    /// </param>
    public IReadOnlyList<ApiKeyFinding> Audit(ApiKey key, ApiKey? otherRead = null)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        if (otherRead is not null && otherRead.Id != key.Id)
            throw new ArgumentException($"The other read is of key {otherRead.Id}, not {key.Id}.", nameof(otherRead));
        if (otherRead is not null && otherRead.PermissionsAreComplete == key.PermissionsAreComplete)
            throw new ArgumentException("The other read must have been made with the other include_all_permissions value.", nameof(otherRead));

        var findings = new List<ApiKeyFinding>();
        if (SkipReason(key) is not null) return findings;
        var active = !IsExpired(key);
        var expiredNote = active ? string.Empty : $"; the key expired on {Day(key.ExpirationDate!.Value)}, this matters again if its expiration date is extended";
        var id = key.Id.ToString(CultureInfo.InvariantCulture);

        if (Checks(AuditRule.Unrestricted) && !key.HasRestrictedPermissions)
        {
            var role = string.IsNullOrEmpty(key.UserRole) ? string.Empty : $" ({key.UserRole})";
            findings.Add(new ApiKeyFinding(key, AuditRule.Unrestricted,
                $"not restricted: has every permission of its user{role}, whatever that user may do later{expiredNote}",
                $"Set-PartooApiKey -Id {id} -Permission <the permissions it needs>"));
        }

        if (active && Checks(AuditRule.NoExpiration) && key.ExpirationDate is null)
        {
            var created = key.CreatedAt is DateTimeOffset c ? $"; created {Ago(c)}" : string.Empty;
            findings.Add(new ApiKeyFinding(key, AuditRule.NoExpiration,
                $"no expiration date: valid until revoked{created}",
                $"Set-PartooApiKey -Id {id} -ExpirationDate {Day(ProposedExpirationDate)}"));
        }

        if (active && Checks(AuditRule.ExpiringSoon) && key.ExpirationDate is DateTime expiration)
        {
            var left = (int)(expiration.Date - Today).TotalDays;
            if (left <= ExpiringWithinDays)
            {
                var when = left switch { 0 => "today (its last valid day)", 1 => "tomorrow", _ => $"in {left} days" };
                findings.Add(new ApiKeyFinding(key, AuditRule.ExpiringSoon,
                    $"expires on {Day(expiration)}, {when}",
                    $"Set-PartooApiKey -Id {id} -ExpirationDate {Day(ProposedExpirationDate)}"));
            }
        }

        if (Checks(AuditRule.NoIpRestriction) && (key.IpWhitelist is null || key.IpWhitelist.All(string.IsNullOrWhiteSpace)))
        {
            findings.Add(new ApiKeyFinding(key, AuditRule.NoIpRestriction,
                $"empty IP whitelist: accepted from any address{expiredNote}",
                $"Set-PartooApiKey -Id {id} -IpWhitelist <your egress IPs>"));
        }

        if (active && Checks(AuditRule.Unused) && UnusedDetail(key) is { } unused)
        {
            findings.Add(new ApiKeyFinding(key, AuditRule.Unused, unused, $"Revoke-PartooApiKey -Id {id}"));
        }

        if (Checks(AuditRule.DormantPermissions) && otherRead is not null)
        {
            var (complete, cut) = key.PermissionsAreComplete ? (key, otherRead) : (otherRead, key);
            var current = new HashSet<string>(cut.Permissions ?? Array.Empty<string>(), StringComparer.Ordinal);
            var dormant = (complete.Permissions ?? Array.Empty<string>()).Where(p => !current.Contains(p)).Distinct(StringComparer.Ordinal).ToList();
            if (dormant.Count > 0)
            {
                var noun = dormant.Count == 1 ? "permission" : "permissions";
                findings.Add(new ApiKeyFinding(key, AuditRule.DormantPermissions,
                    $"holds {dormant.Count} {noun} its user lacks today: {string.Join(", ", dormant)} (usable again the day the user's role grows){expiredNote}",
                    $"Set-PartooApiKey -Id {id} -RemovePermission {string.Join(",", dormant.Select(Quote))}"));
            }
        }

        if (ChecksCatalogueRules && key.HasRestrictedPermissions) CatalogueFindings(key, otherRead, findings, id, expiredNote);

        return findings;
    }

    /// <summary>UnknownPermission and MissingDependency, on the key's full stored list when it was read, else on the list given.</summary>
    private void CatalogueFindings(ApiKey key, ApiKey? otherRead, List<ApiKeyFinding> findings, string id, string expiredNote)
    {
        var catalogue = Catalogue!;
        var stored = key.PermissionsAreComplete ? key : otherRead ?? key;
        var held = (stored.Permissions ?? Array.Empty<string>()).Where(p => !string.IsNullOrEmpty(p)).Distinct(StringComparer.Ordinal).ToList();

        if (Checks(AuditRule.UnknownPermission))
        {
            var unknown = held.Where(p => !catalogue.Contains(p)).ToList();
            if (unknown.Count > 0)
            {
                var noun = unknown.Count == 1 ? "a permission name" : $"{unknown.Count} permission names";
                findings.Add(new ApiKeyFinding(key, AuditRule.UnknownPermission,
                    $"holds {noun} the organisation no longer has (not in GET /permissions): {string.Join(", ", unknown)}{expiredNote}",
                    $"Set-PartooApiKey -Id {id} -RemovePermission {string.Join(",", unknown.Select(Quote))}"));
            }
        }

        if (Checks(AuditRule.MissingDependency))
        {
            var gaps = catalogue.MissingDependencies(held);
            if (gaps.Count > 0)
            {
                var missing = gaps.Select(g => g.Missing).Distinct(StringComparer.Ordinal).ToList();
                var pairs = string.Join("; ", gaps.Select(g => $"{g.Permission} needs {g.Missing}"));
                findings.Add(new ApiKeyFinding(key, AuditRule.MissingDependency,
                    $"holds permissions without the one they depend on, so they take no effect: {pairs} (or remove {string.Join(", ", gaps.Select(g => g.Permission).Distinct(StringComparer.Ordinal))}){expiredNote}",
                    $"Set-PartooApiKey -Id {id} -AddPermission {string.Join(",", missing.Select(Quote))}"));
            }
        }
    }

    private string? UnusedDetail(ApiKey key)
    {
        var limit = TimeSpan.FromDays(UnusedForDays);
        if (key.LastUsedAt is DateTimeOffset lastUsed)
            return Now - lastUsed >= limit ? $"last used {Ago(lastUsed)}" : null;
        if (key.CreatedAt is DateTimeOffset created)
            return Now - created >= limit ? $"never used; created {Ago(created)}" : null;
        return null; // never used and no creation date: no evidence either way
    }

    /// <summary>Findings in the order the table view groups them: severity (High first), then key id, then rule.</summary>
    public static IReadOnlyList<ApiKeyFinding> Sort(IEnumerable<ApiKeyFinding> findings) =>
        findings.OrderByDescending(f => f.Severity).ThenBy(f => f.KeyId).ThenBy(f => f.Rule).ToList();

    /// <summary>One summary per rule checked (zero counts included), High first, then in rule order.</summary>
    public IReadOnlyList<ApiKeyAuditSummary> Summarize(IEnumerable<ApiKeyFinding> findings)
    {
        var byRule = findings.GroupBy(f => f.Rule).ToDictionary(g => g.Key, g => g.Select(f => f.KeyId).Distinct().OrderBy(i => i).ToArray());
        return Rules
            .Select(rule => new ApiKeyAuditSummary(rule, byRule.TryGetValue(rule, out var ids) ? ids : Array.Empty<int>()))
            .OrderByDescending(s => s.Severity).ThenBy(s => s.Rule)
            .ToList();
    }

    private string Ago(DateTimeOffset moment)
    {
        var days = (int)Math.Floor((Now - moment).TotalDays);
        var ago = days switch { < 1 => "less than a day ago", 1 => "1 day ago", _ => $"{days} days ago" };
        return $"{ago} ({Day(moment.UtcDateTime)})";
    }

    private static string Day(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A permission name as a PowerShell argument: bare when it is a plain name, single-quoted otherwise.</summary>
    private static string Quote(string permission) =>
        PlainPermission.IsMatch(permission) ? permission : CommandText.SingleQuoted(permission);
}
