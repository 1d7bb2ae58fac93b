using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartooKeys.Simulator;

/// <summary>Turns a <see cref="SimKey"/> into the contract's key object.</summary>
internal static class KeyJson
{
    /// <summary>Unknown extra field sent on every key object, to prove clients ignore unknown fields.</summary>
    internal const int OrgId = 42;

    /// <summary>As <see cref="SimAnswer"/> writes: '+' and quotes are not \u-escaped, like Python's json.dumps.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static JsonObject ToJson(SimKey key, bool includeAllPermissions, bool withDescription = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, key, includeAllPermissions, withDescription);
        }

        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    /// <summary>
    /// The key object, written straight to <paramref name="writer"/>: a listing page writes 100 of them under the
    /// simulator's lock, so no JsonNode is built per key.
    /// </summary>
    internal static void Write(Utf8JsonWriter writer, SimKey key, bool includeAllPermissions, bool withDescription = true)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", key.Id);
        writer.WriteString("label", key.Label);
        if (withDescription && !key.OmitDescription && key.Description is not null)
        {
            writer.WriteString("description", key.Description);
        }

        writer.WriteString("user_id", key.UserId);
        writer.WriteString("user_name", key.UserName);
        writer.WriteString("user_role", key.UserRole);
        if (key.UserType is not null)
        {
            writer.WriteString("user_type", key.UserType);
        }

        writer.WriteBoolean("disabled", key.Disabled);
        writer.WriteString("expiration_date", key.ExpirationDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("last_used_at", key.LastUsedAt);
        writer.WriteString("created_by", key.CreatedBy);
        writer.WriteString("created_by_name", key.CreatedByName);
        writer.WriteString("created_at", key.CreatedAt);
        writer.WriteString("revoked_by", key.RevokedBy);
        writer.WriteString("revoked_by_name", key.RevokedByName);
        writer.WriteString("revoked_at", key.RevokedAt);
        WriteStrings(writer, "ip_whitelist", key.IpWhitelist);
        writer.WriteBoolean("has_restricted_permissions", key.HasRestrictedPermissions);
        writer.WriteStartArray("permissions");
        foreach (var permission in key.Permissions)
        {
            if (includeAllPermissions || key.UserPermissions.Contains(permission)) // List<string>.Contains compares ordinally
            {
                writer.WriteStringValue(permission);
            }
        }

        writer.WriteEndArray();
        writer.WriteNumber("org_id", OrgId);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, List<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
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
