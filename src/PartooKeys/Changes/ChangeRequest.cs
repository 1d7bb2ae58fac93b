using System;
using System.Collections.Generic;

namespace PartooKeys.Changes;

/// <summary>What one input of Set-PartooApiKey asks, its values already checked; a null list is "not asked".</summary>
internal sealed class ChangeRequest
{
    public string? Label { get; set; }
    /// <summary>The new description; empty clears it.</summary>
    public string? Description { get; set; }
    public DateTime? Expiration { get; set; }
    public bool NoExpiration { get; set; }
    public bool Unrestricted { get; set; }
    public IReadOnlyList<string>? IpWhitelist { get; set; }
    public IReadOnlyList<string>? AddIps { get; set; }
    public IReadOnlyList<string>? RemoveIps { get; set; }
    public IReadOnlyList<string>? Permissions { get; set; }
    public IReadOnlyList<string>? AddPermissions { get; set; }
    public IReadOnlyList<string>? RemovePermissions { get; set; }

    public bool MergesIps => AddIps is not null || RemoveIps is not null;
    public bool MergesPermissions => AddPermissions is not null || RemovePermissions is not null;

    public bool IsEmpty => Label is null && Description is null && Expiration is null && !NoExpiration && !Unrestricted
        && IpWhitelist is null && !MergesIps && Permissions is null && !MergesPermissions;
}
