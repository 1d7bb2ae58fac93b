using System;
using System.Diagnostics;
using System.Security;
using System.Text.Json.Serialization;
using PartooKeys.Json;

namespace PartooKeys;

/// <summary>One Partoo API key as the API describes it, with PascalCase properties and a computed Status.</summary>
public sealed class ApiKey
{
    /// <summary>
    /// Not public: PowerShell would otherwise build an ApiKey out of any object whose properties all exist
    /// here (a CSV row with Id and Description) and bind it where only a key read from Partoo belongs.
    /// </summary>
    [JsonConstructor]
    internal ApiKey() { }

    [JsonPropertyName("id")] public int Id { get; set; }
    [JsonPropertyName("label")] public string? Label { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("user_id"), JsonConverter(typeof(SharedStringConverter))] public string? UserId { get; set; }
    [JsonPropertyName("user_name"), JsonConverter(typeof(SharedStringConverter))] public string? UserName { get; set; }
    [JsonPropertyName("user_role"), JsonConverter(typeof(SharedStringConverter))] public string? UserRole { get; set; }
    [JsonPropertyName("user_type"), JsonConverter(typeof(SharedStringConverter))] public string? UserType { get; set; }

    [JsonPropertyName("disabled"), JsonConverter(typeof(NullAsFalseConverter))]
    public bool Disabled { get; set; }

    /// <summary>The last day of validity as Partoo stores it (a date; the time part is always midnight).</summary>
    [JsonPropertyName("expiration_date"), JsonConverter(typeof(PartooDateConverter))]
    public DateTime? ExpirationDate { get; set; }

    [JsonPropertyName("last_used_at"), JsonConverter(typeof(PartooTimestampConverter))]
    public DateTimeOffset? LastUsedAt { get; set; }

    [JsonPropertyName("created_by"), JsonConverter(typeof(SharedStringConverter))] public string? CreatedBy { get; set; }
    [JsonPropertyName("created_by_name"), JsonConverter(typeof(SharedStringConverter))] public string? CreatedByName { get; set; }

    [JsonPropertyName("created_at"), JsonConverter(typeof(PartooTimestampConverter))]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("revoked_by"), JsonConverter(typeof(SharedStringConverter))] public string? RevokedBy { get; set; }
    [JsonPropertyName("revoked_by_name"), JsonConverter(typeof(SharedStringConverter))] public string? RevokedByName { get; set; }

    [JsonPropertyName("revoked_at"), JsonConverter(typeof(PartooTimestampConverter))]
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>IPs or CIDR ranges; empty = no restriction. In CSV: entries joined by ';'.</summary>
    [JsonPropertyName("ip_whitelist")] public ValueList IpWhitelist { get; set; } = ValueList.Empty;

    [JsonPropertyName("has_restricted_permissions"), JsonConverter(typeof(NullAsFalseConverter))]
    public bool HasRestrictedPermissions { get; set; }

    /// <summary>Permission names. In CSV: names joined by ';'.</summary>
    [JsonPropertyName("permissions")] public ValueList Permissions { get; set; } = ValueList.Empty;

    /// <summary>True when Permissions is the key's full stored list (read with include_all_permissions=true).</summary>
    [JsonIgnore] public bool PermissionsAreComplete { get; set; }

    /// <summary>
    /// The new key's secret, only on a key just created when Partoo's answer carried it. Never printed:
    /// hidden from formatting, Export-Csv and Get-Member (read it as $key.Secret).
    /// </summary>
    [JsonIgnore, System.Management.Automation.Hidden] public SecureString? Secret { get; set; }

    /// <summary>Active, Disabled (revoked) or Expired (its expiration date has passed: a key is valid through that day, UTC).</summary>
    [JsonIgnore]
    public ApiKeyStatus Status =>
        Disabled ? ApiKeyStatus.Disabled
        : ExpirationDate is DateTime expires && expires.Date < DateTime.UtcNow.Date ? ApiKeyStatus.Expired
        : ApiKeyStatus.Active;

    public override string ToString() => $"{DisplayText.Escape(Label)} ({Id})";

    /// <summary>How long a key read by PartooKeys may stand for the stored key before a change re-reads it.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(5);

    /// <summary>When the client read this object from Partoo (Stopwatch ticks); 0 for an object built by hand.</summary>
    internal long ReadAtTimestamp { get; private set; }

    /// <summary>Whether the client read it with include_all_permissions=true (the public PermissionsAreComplete can be set by anyone).</summary>
    internal bool ReadWithAllPermissions { get; private set; }

    private object? _permissionsAsRead, _ipWhitelistAsRead;
    private bool _restrictedAsRead;

    /// <summary>The listing this key came from (its expected size, for progress); null when read alone.</summary>
    internal Paging.ApiKeyListing? Listing { get; set; }

    /// <summary>
    /// True when the client read this object from Partoo within <paramref name="maxAge"/> and its lists
    /// and restriction flag are still the ones it read (not replaced since): a merge may start from it.
    /// </summary>
    internal bool WasReadWithin(TimeSpan maxAge) =>
        ReadAtTimestamp != 0 &&
        Stopwatch.GetTimestamp() - ReadAtTimestamp <= (long)(maxAge.TotalSeconds * Stopwatch.Frequency) &&
        ReferenceEquals(Permissions, _permissionsAsRead) && ReferenceEquals(IpWhitelist, _ipWhitelistAsRead) &&
        HasRestrictedPermissions == _restrictedAsRead;

    /// <summary>As <see cref="WasReadWithin"/>, and read with the key's full stored permission list.</summary>
    internal bool IsFreshFullRead(TimeSpan maxAge) => ReadWithAllPermissions && WasReadWithin(maxAge);

    internal void Normalize(bool permissionsAreComplete)
    {
        IpWhitelist ??= ValueList.Empty;
        Permissions ??= ValueList.Empty;
        PermissionsAreComplete = permissionsAreComplete;
        ReadWithAllPermissions = permissionsAreComplete;
        _permissionsAsRead = Permissions;
        _ipWhitelistAsRead = IpWhitelist;
        _restrictedAsRead = HasRestrictedPermissions;
        ReadAtTimestamp = Stopwatch.GetTimestamp();
    }
}
