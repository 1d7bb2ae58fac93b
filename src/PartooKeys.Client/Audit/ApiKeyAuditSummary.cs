namespace PartooKeys;

/// <summary>One rule's count in an audit: how many keys break it, and which.</summary>
public sealed class ApiKeyAuditSummary
{
    public ApiKeyAuditSummary(AuditRule rule, int[] keyIds)
    {
        Rule = rule;
        Severity = ApiKeyAuditor.SeverityOf(rule);
        KeyIds = keyIds;
    }

    public AuditRule Rule { get; }
    public AuditSeverity Severity { get; }

    /// <summary>The number of keys that break the rule (0 when none does).</summary>
    public int Count => KeyIds.Length;

    /// <summary>The ids of those keys, ascending.</summary>
    public int[] KeyIds { get; }

    public override string ToString() => $"{Rule}: {Count}";
}
