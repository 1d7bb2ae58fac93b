using System.Text.Json.Nodes;

namespace PartooKeys.Simulator;

/// <summary>Turns a <see cref="SimKey"/> into the contract's key object.</summary>
internal static class KeyJson
{
    /// <summary>Unknown extra field sent on every key object, to prove clients ignore unknown fields.</summary>
    internal const int OrgId = 42;

    internal static JsonObject ToJson(SimKey key, bool includeAllPermissions, bool withDescription = true)
    {
        var o = new JsonObject
        {
            ["id"] = key.Id,
            ["label"] = key.Label,
        };
        if (withDescription && !key.OmitDescription && key.Description is not null)
        {
            o["description"] = key.Description;
        }

        o["user_id"] = key.UserId;
        o["user_name"] = key.UserName;
        o["user_role"] = key.UserRole;
        if (key.UserType is not null)
        {
            o["user_type"] = key.UserType;
        }

        o["disabled"] = key.Disabled;
        o["expiration_date"] = key.ExpirationDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        o["last_used_at"] = key.LastUsedAt;
        o["created_by"] = key.CreatedBy;
        o["created_by_name"] = key.CreatedByName;
        o["created_at"] = key.CreatedAt;
        o["revoked_by"] = key.RevokedBy;
        o["revoked_by_name"] = key.RevokedByName;
        o["revoked_at"] = key.RevokedAt;
        o["ip_whitelist"] = StringArray(key.IpWhitelist);
        o["has_restricted_permissions"] = key.HasRestrictedPermissions;
        var permissions = includeAllPermissions
            ? key.Permissions
            : key.Permissions.Where(p => key.UserPermissions.Contains(p, StringComparer.Ordinal));
        o["permissions"] = StringArray(permissions);
        o["org_id"] = OrgId;
        return o;
    }

    internal static JsonArray StringArray(IEnumerable<string> values)
    {
        var a = new JsonArray();
        foreach (var v in values)
        {
            a.Add(v);
        }

        return a;
    }
}
