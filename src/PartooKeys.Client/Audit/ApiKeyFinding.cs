namespace PartooKeys;

/// <summary>
/// One rule one key breaks. Every property but ApiKey is a string, a number or an enum, so findings
/// export to CSV and JSON as they are; ApiKey is the key itself, for piping on to Set-PartooApiKey.
/// </summary>
public sealed class ApiKeyFinding
{
    public ApiKeyFinding(ApiKey apiKey, AuditRule rule, string detail, string recommendation)
    {
        ApiKey = apiKey;
        KeyId = apiKey.Id;
        Label = apiKey.Label;
        Rule = rule;
        Severity = ApiKeyAuditor.SeverityOf(rule);
        Detail = detail;
        Recommendation = recommendation;
    }

    public int KeyId { get; }

    /// <summary>The same as KeyId, so findings bind to Set-PartooApiKey and Revoke-PartooApiKey -Id by property name.</summary>
    public int Id => KeyId;
    public string? Label { get; }
    public AuditRule Rule { get; }
    public AuditSeverity Severity { get; }

    /// <summary>The facts, e.g. "last used 214 days ago (2026-04-22)".</summary>
    public string Detail { get; }

    /// <summary>The command that fixes it, e.g. "Set-PartooApiKey -Id 3245 -ExpirationDate 2027-02-20".</summary>
    public string Recommendation { get; }

    /// <summary>The key the finding is about, as it was read (or piped in).</summary>
    public ApiKey ApiKey { get; }

    public override string ToString() => $"{Rule} ({Severity}): {DisplayText.Escape(Label)} ({KeyId})";
}
