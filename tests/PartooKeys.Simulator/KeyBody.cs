using System.Globalization;
using System.Text.Json;

namespace PartooKeys.Simulator;

/// <summary>
/// A validated POST/PUT body: which fields were sent and their values.
/// Messages follow marshmallow's wording (the real API is Python).
/// </summary>
internal sealed class KeyBody
{
    internal const int MaxLabelLength = 255;

    private static readonly string[] KnownFields =
    {
        "label", "description", "expiration_date", "ip_whitelist", "has_restricted_permissions", "permissions",
    };

    internal bool HasLabel { get; private set; }
    internal string Label { get; private set; } = "";
    internal bool HasDescription { get; private set; }
    internal string Description { get; private set; } = "";
    internal bool HasExpirationDate { get; private set; }
    internal DateOnly? ExpirationDate { get; private set; }
    internal bool HasIpWhitelist { get; private set; }
    internal List<string> IpWhitelist { get; } = new();
    internal bool HasRestrictedFlag { get; private set; }
    internal bool RestrictedPermissions { get; private set; }
    internal bool HasPermissions { get; private set; }
    internal List<string> Permissions { get; } = new();

    /// <summary>Parses and validates; returns null and fills <paramref name="errors"/> on any problem.</summary>
    internal static KeyBody? Parse(string? text, bool isCreate, DateOnly todayUtc, FieldErrorList errors)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text ?? "", new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            errors.Add("_schema", "Invalid JSON body.");
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("_schema", "Invalid input type.");
                return null;
            }

            var body = new KeyBody();
            foreach (var property in root.EnumerateObject())
            {
                body.ReadField(property.Name, property.Value, todayUtc, errors);
            }

            if (isCreate && !body.HasLabel && !Reported(errors, "label"))
            {
                errors.Add("label", "Missing data for required field.");
            }

            if (body.HasPermissions && !body.HasRestrictedFlag && !Reported(errors, "has_restricted_permissions"))
            {
                errors.Add("has_restricted_permissions", "Missing data for required field: required whenever permissions is sent.");
            }

            if (body.HasRestrictedFlag && !body.HasPermissions && !Reported(errors, "permissions"))
            {
                errors.Add("permissions", "Missing data for required field: required whenever has_restricted_permissions is sent.");
            }

            return errors.Any ? null : body;
        }
    }

    private static bool Reported(FieldErrorList errors, string field) => errors.Items.Any(i => i.Field == field);

    private void ReadField(string name, JsonElement value, DateOnly todayUtc, FieldErrorList errors)
    {
        if (!KnownFields.Contains(name, StringComparer.Ordinal))
        {
            errors.Add(name, "Unknown field.");
            return;
        }

        if (value.ValueKind == JsonValueKind.Null && name != "expiration_date")
        {
            errors.Add(name, "Field may not be null.");
            return;
        }

        switch (name)
        {
            case "label":
                if (value.ValueKind != JsonValueKind.String) { errors.Add(name, "Not a valid string."); return; }
                var label = value.GetString()!;
                if (string.IsNullOrWhiteSpace(label)) { errors.Add(name, "Field may not be blank."); return; }
                if (label.Length > MaxLabelLength) { errors.Add(name, $"Longer than maximum length {MaxLabelLength}."); return; }
                HasLabel = true;
                Label = label;
                return;

            case "description":
                if (value.ValueKind != JsonValueKind.String) { errors.Add(name, "Not a valid string."); return; }
                HasDescription = true;
                Description = value.GetString()!;
                return;

            case "expiration_date":
                if (value.ValueKind == JsonValueKind.Null) { HasExpirationDate = true; ExpirationDate = null; return; }
                if (value.ValueKind != JsonValueKind.String
                    || !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    errors.Add(name, "Not a valid date.");
                    return;
                }

                if (date <= todayUtc)
                {
                    errors.Add(name, "Must be at least tomorrow.");
                    return;
                }

                HasExpirationDate = true;
                ExpirationDate = date;
                return;

            case "ip_whitelist":
                if (!ReadStringArray(name, value, errors, out var ips)) { return; }
                var bad = ips.Where(ip => !IpRules.IsValid(ip)).ToList();
                foreach (var ip in bad) { errors.Add(name, $"Not a valid IP address or CIDR range: '{ip}'."); }
                if (bad.Count > 0) { return; }
                HasIpWhitelist = true;
                IpWhitelist.AddRange(ips);
                return;

            case "has_restricted_permissions":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) { errors.Add(name, "Not a valid boolean."); return; }
                HasRestrictedFlag = true;
                RestrictedPermissions = value.GetBoolean();
                return;

            case "permissions":
                if (!ReadStringArray(name, value, errors, out var perms)) { return; }
                var unknown = perms.Where(p => !KnownPermissions.IsKnown(p)).ToList();
                foreach (var p in unknown) { errors.Add(name, $"Unknown permission: '{p}'."); }
                if (unknown.Count > 0) { return; }
                HasPermissions = true;
                Permissions.AddRange(perms.Distinct(StringComparer.Ordinal));
                return;
        }
    }

    private static bool ReadStringArray(string name, JsonElement value, FieldErrorList errors, out List<string> items)
    {
        items = new List<string>();
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(name, "Not a valid list.");
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(name, "Not a valid string.");
                return false;
            }

            items.Add(item.GetString()!);
        }

        return true;
    }
}
