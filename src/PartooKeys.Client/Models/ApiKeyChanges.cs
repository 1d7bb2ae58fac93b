using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using PartooKeys.Json;

namespace PartooKeys;

/// <summary>
/// The body of POST /api_keys or PUT /api_keys/{id}: only the fields that were set are written,
/// because PUT means "change what is sent".
/// </summary>
public sealed class ApiKeyChanges
{
    private string? _label, _description;
    private DateTime? _expirationDate;
    private IReadOnlyList<string>? _ipWhitelist, _permissions;
    private bool _restricted;

    public bool HasLabel { get; private set; }
    public bool HasDescription { get; private set; }
    public bool HasExpirationDate { get; private set; }
    public bool HasIpWhitelist { get; private set; }
    public bool HasPermissions { get; private set; }

    public string? Label { get => _label; set { _label = value; HasLabel = true; } }
    public string? Description { get => _description; set { _description = value; HasDescription = true; } }
    /// <summary>A date (time is dropped); null clears the expiration.</summary>
    public DateTime? ExpirationDate { get => _expirationDate; set { _expirationDate = value?.Date; HasExpirationDate = true; } }
    public IReadOnlyList<string>? IpWhitelist { get => _ipWhitelist; set { _ipWhitelist = value ?? Array.Empty<string>(); HasIpWhitelist = true; } }

    /// <summary>The value sent as has_restricted_permissions (meaningful when <see cref="HasPermissions"/>).</summary>
    public bool RestrictsPermissions => _restricted;
    public IReadOnlyList<string>? Permissions => _permissions;

    /// <summary>Restricts the key to exactly these permissions (sends has_restricted_permissions: true).</summary>
    public void Restrict(IReadOnlyList<string> permissions)
    {
        _permissions = permissions;
        _restricted = true;
        HasPermissions = true;
    }

    /// <summary>Gives the key its user's permissions (sends has_restricted_permissions: false, permissions: []).</summary>
    public void Unrestrict()
    {
        _permissions = Array.Empty<string>();
        _restricted = false;
        HasPermissions = true;
    }

    public bool IsEmpty => !(HasLabel || HasDescription || HasExpirationDate || HasIpWhitelist || HasPermissions);

    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (HasLabel) writer.WriteString("label", _label);
            if (HasDescription) writer.WriteString("description", _description);
            if (HasExpirationDate)
            {
                if (_expirationDate is DateTime date) writer.WriteString("expiration_date", date.ToString(PartooDateConverter.Format, System.Globalization.CultureInfo.InvariantCulture));
                else writer.WriteNull("expiration_date");
            }
            if (HasIpWhitelist) WriteArray(writer, "ip_whitelist", _ipWhitelist!);
            if (HasPermissions)
            {
                writer.WriteBoolean("has_restricted_permissions", _restricted);
                WriteArray(writer, "permissions", _permissions!);
            }
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
