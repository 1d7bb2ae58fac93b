using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PartooKeys.Paging;

namespace PartooKeys.Commands;

/// <summary>
/// Audits keys against Partoo's key-hygiene advice: the keys the connection lists (default: active),
/// or the keys piped in. Findings are buffered and written sorted (severity, then key), so the
/// grouped table view shows each severity once.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PartooApiKeyAudit", DefaultParameterSetName = ListSet)]
[OutputType(typeof(ApiKeyFinding), typeof(ApiKeyAuditSummary))]
public sealed class GetPartooApiKeyAuditCommand : PartooCmdlet
{
    private const string ListSet = "List";
    private const string InputSet = "InputObject";
    private const string ProgressActivity = "Auditing Partoo API keys";
    private const int ProgressId = 1;

    private readonly List<ApiKeyFinding> _findings = new();
    private readonly HashSet<int> _seen = new();
    private ApiKeyAuditor _auditor = null!;
    private int _audited;
    private int _skipped;

    [Parameter(ParameterSetName = ListSet)]
    public ApiKeyStatusFilter Status { get; set; } = ApiKeyStatusFilter.Active;

    [Parameter(ParameterSetName = ListSet)]
    public ApiKeyUserType? Type { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ApiKey[] InputObject { get; set; } = Array.Empty<ApiKey>();

    [Parameter]
    [ValidateNotNullOrEmpty]
    public AuditRule[] Rule { get; set; } = ApiKeyAuditor.AllRules.ToArray();

    [Parameter]
    [ValidateRange(0, ApiKeyAuditor.MaxThresholdDays)]
    public int ExpiringWithinDays { get; set; } = ApiKeyAuditor.DefaultExpiringWithinDays;

    [Parameter]
    [ValidateRange(1, ApiKeyAuditor.MaxThresholdDays)]
    public int UnusedForDays { get; set; } = ApiKeyAuditor.DefaultUnusedForDays;

    [Parameter]
    public SwitchParameter Summary { get; set; }

    protected override void Begin()
    {
        _auditor = new ApiKeyAuditor(Rule, ExpiringWithinDays, UnusedForDays, DateTimeOffset.UtcNow);
        WriteVerbose($"Rules: {string.Join(", ", _auditor.Rules)}; expiring within {ExpiringWithinDays} days; unused for {UnusedForDays} days; today is {_auditor.Today:yyyy-MM-dd} (UTC).");
        if (_auditor.WantsCatalogue)
            _auditor.Catalogue = CatalogueIfReadable("the rules UnknownPermission and MissingDependency are skipped.");
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputSet) AuditPiped();
        else AuditListing();
    }

    protected override void End()
    {
        WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
        WriteVerbose($"Audited {_audited} keys ({_skipped} revoked keys skipped): {_findings.Count} findings.");
        if (Summary) foreach (var summary in _auditor.Summarize(_findings)) WriteObject(summary);
        else foreach (var finding in ApiKeyAuditor.Sort(_findings)) WriteObject(finding);
    }

    private void AuditPiped()
    {
        foreach (var key in InputObject)
        {
            if (key is null) continue;
            if (!_seen.Add(key.Id))
            {
                WriteVerbose($"Key {key.Id} was piped in more than once: audited once.");
                continue;
            }
            if (Skip(key)) continue;

            ApiKey? otherRead = null;
            if (_auditor.NeedsBothPermissionLists)
            {
                WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, $"Reading the permissions of key {key.Id} ({key.Label})"));
                var includeAll = !key.PermissionsAreComplete;
                try { otherRead = ReadKey(key.Id, includeAll); }
                catch (PartooApiException ex)
                {
                    WriteError(ex, key, $"API key {key.Id}");
                    if (ex.StatusCode == 404) continue; // the key no longer exists: nothing to audit
                    WriteWarning($"{SecondReadRules} not checked for key {key.Id}: its second permission list could not be read.");
                }
            }
            Audit(key, otherRead);
        }
    }

    private void AuditListing()
    {
        var keys = List(includeAllPermissions: false, "Listing keys");
        Dictionary<int, ApiKey>? complete = null;
        // The second read serves DormantPermissions and the catalogue rules, and only keys that are audited at all.
        if (_auditor.NeedsBothPermissionLists && keys.Any(k => ApiKeyAuditor.SkipReason(k) is null))
        {
            complete = new Dictionary<int, ApiKey>();
            foreach (var key in List(includeAllPermissions: true, "Listing keys with all their stored permissions")) complete[key.Id] = key;
        }

        foreach (var key in keys)
        {
            if (!_seen.Add(key.Id) || Skip(key)) continue;
            ApiKey? otherRead = null;
            if (complete is not null && !complete.TryGetValue(key.Id, out otherRead))
                WriteWarning($"Key {key.Id} was missing from the listing with all permissions (keys changed meanwhile?): {SecondReadRules} not checked for it.");
            Audit(key, otherRead);
        }
    }

    private List<ApiKey> List(bool includeAllPermissions, string what)
    {
        var query = new ApiKeyQuery { Status = Status, Type = Type, IncludeAllPermissions = includeAllPermissions };
        var keys = new List<ApiKey>();
        ReadListing(query, ApiKeyPager.MaxPageSize, (pager, page) =>
        {
            keys.AddRange(page);
            var status = pager.PageCount is int pages
                ? $"{what}: page {pager.PageNumberHandedOut} of {pages}, {keys.Count} of {pager.TotalCount ?? keys.Count} keys"
                : $"{what}: page {pager.PageNumberHandedOut}, {keys.Count} keys";
            WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, status)
            {
                PercentComplete = pager.TotalCount is int total && total > 0 ? Math.Min(100, keys.Count * 100 / total) : 100,
            });
        }, onFailure: () => WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, "Failed") { RecordType = ProgressRecordType.Completed }));
        return keys;
    }

    /// <summary>The rules that need the second permission list, as a warning names them.</summary>
    private string SecondReadRules
    {
        get
        {
            var rules = new[] { AuditRule.DormantPermissions, AuditRule.UnknownPermission, AuditRule.MissingDependency }
                .Where(r => r == AuditRule.DormantPermissions ? _auditor.Checks(r) : _auditor.ChecksCatalogueRules && _auditor.Checks(r)).ToList();
            return string.Join(", ", rules) + (rules.Count == 1 ? " was" : " were");
        }
    }

    private bool Skip(ApiKey key)
    {
        if (ApiKeyAuditor.SkipReason(key) is not string reason) return false;
        _skipped++;
        WriteVerbose($"Key {key.Id} ({key.Label}) is not audited: {reason}.");
        return true;
    }

    private void Audit(ApiKey key, ApiKey? otherRead)
    {
        _audited++;
        _findings.AddRange(_auditor.Audit(key, otherRead));
    }
}
