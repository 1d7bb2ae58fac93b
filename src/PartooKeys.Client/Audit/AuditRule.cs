namespace PartooKeys;

/// <summary>The key-hygiene rules of Get-PartooApiKeyAudit, after Partoo's security advice.</summary>
public enum AuditRule
{
    /// <summary>has_restricted_permissions is false: the key carries every permission its user has (High).</summary>
    Unrestricted,

    /// <summary>The key has no expiration date (Medium).</summary>
    NoExpiration,

    /// <summary>The key expires within the ExpiringWithinDays threshold (Low).</summary>
    ExpiringSoon,

    /// <summary>The key's IP whitelist is empty: it works from any address (Medium).</summary>
    NoIpRestriction,

    /// <summary>An active key not used for UnusedForDays, or never used and older than that (Medium).</summary>
    Unused,

    /// <summary>The key's stored permissions include some its user lacks today (Low).</summary>
    DormantPermissions,

    /// <summary>A restricted key holds a permission name the organisation's catalogue (GET /permissions) no longer has (Low).</summary>
    UnknownPermission,

    /// <summary>A restricted key holds a permission whose depends_on it lacks, so that permission takes no effect (Low).</summary>
    MissingDependency,
}
