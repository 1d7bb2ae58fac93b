namespace PartooKeys;

/// <summary>How much a finding matters. Higher values are more serious, so <c>-ge Medium</c> works.</summary>
public enum AuditSeverity
{
    Low = 1,
    Medium = 2,
    High = 3,
}
