namespace PartooKeys.Simulator;

/// <summary>
/// One API key as the simulated server stores it. Every property is mutable; the simulator
/// serialises it to the contract's key object (see <c>KeyJson</c>).
/// </summary>
public sealed class SimKey
{
    /// <summary>Key id (the <c>api_key_id</c> of the routes).</summary>
    public int Id { get; set; }

    /// <summary>Name shown in the app.</summary>
    public string Label { get; set; } = "";

    /// <summary>Description; null (or <see cref="OmitDescription"/>) leaves the field out of the JSON.</summary>
    public string? Description { get; set; }

    /// <summary>24-hex id of the user the key belongs to.</summary>
    public string UserId { get; set; } = "000000000000000000000000";

    /// <summary>Name of the key's user; null for an organisation's integration key.</summary>
    public string? UserName { get; set; }

    /// <summary>PROVIDER, ORG_ADMIN, ORG_MANAGER, GROUP_MANAGER, BUSINESS_MANAGER or PUBLISHER.</summary>
    public string UserRole { get; set; } = "ORG_ADMIN";

    /// <summary>"bot", "user", or null: then <c>user_type</c> is absent from the JSON.</summary>
    public string? UserType { get; set; }

    /// <summary>True once the key was revoked.</summary>
    public bool Disabled { get; set; }

    /// <summary>Last valid day, or null for no expiration.</summary>
    public DateOnly? ExpirationDate { get; set; }

    /// <summary>Raw PostgreSQL timestamp text, sent verbatim; null when never used.</summary>
    public string? LastUsedAt { get; set; }

    /// <summary>User id of the creator.</summary>
    public string CreatedBy { get; set; } = "";

    /// <summary>Display name of the creator.</summary>
    public string CreatedByName { get; set; } = "";

    /// <summary>Raw PostgreSQL timestamp text, sent verbatim.</summary>
    public string CreatedAt { get; set; } = "2019-08-22 11:46:38.914467+00";

    /// <summary>User id of whoever revoked the key, or null.</summary>
    public string? RevokedBy { get; set; }

    /// <summary>Name of whoever revoked the key, or null.</summary>
    public string? RevokedByName { get; set; }

    /// <summary>Raw PostgreSQL timestamp text of the revocation, or null.</summary>
    public string? RevokedAt { get; set; }

    /// <summary>IPs / CIDR ranges allowed to use the key; empty = no restriction (not enforced by the simulator).</summary>
    public List<string> IpWhitelist { get; set; } = new();

    /// <summary>False = the key has exactly its user's permissions.</summary>
    public bool HasRestrictedPermissions { get; set; }

    /// <summary>The full stored permission list (what <c>include_all_permissions=true</c> shows).</summary>
    public List<string> Permissions { get; set; } = new();

    /// <summary>What the key's user may do today; the default answer shows Permissions ∩ UserPermissions.</summary>
    public List<string> UserPermissions { get; set; } = new();

    /// <summary>The secret key string (matched against the x-APIKey header and search_text).</summary>
    public string Secret { get; set; } = "";

    /// <summary>When true the JSON never carries a <c>description</c> field.</summary>
    public bool OmitDescription { get; set; }

    /// <summary>When false, every request authenticated with this key answers 403.</summary>
    public bool CanManageKeys { get; set; } = true;

    /// <summary>True when the key is not revoked but its expiration date is before <paramref name="today"/>.</summary>
    public bool IsExpiredOn(DateOnly today) => !Disabled && ExpirationDate is { } d && d < today;

    /// <summary>A deep copy (lists copied).</summary>
    public SimKey Clone()
    {
        var copy = (SimKey)MemberwiseClone();
        copy.IpWhitelist = new List<string>(IpWhitelist);
        copy.Permissions = new List<string>(Permissions);
        copy.UserPermissions = new List<string>(UserPermissions);
        return copy;
    }

    /// <inheritdoc />
    public override string ToString() => $"SimKey {Id} '{Label}'";
}
