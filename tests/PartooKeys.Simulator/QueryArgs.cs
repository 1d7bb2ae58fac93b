using System.Globalization;

namespace PartooKeys.Simulator;

/// <summary>Parsed GET /api_keys (and GET /api_keys/{id}) query parameters. Unknown parameters are ignored.</summary>
internal sealed class QueryArgs
{
    internal static readonly string[] Statuses = { "active", "inactive", "disabled", "expired" };
    internal static readonly string[] Types = { "bot", "user" };

    internal int? Page { get; private set; }
    internal int PerPage { get; private set; } = 30;
    internal string? Status { get; private set; }
    internal string? Type { get; private set; }
    internal string? SearchText { get; private set; }
    internal bool IncludeAllPermissions { get; private set; }

    /// <summary>Only include_all_permissions (single-key routes and write answers).</summary>
    internal static bool TryReadIncludeAll(IReadOnlyDictionary<string, string> q, FieldErrorList errors, out bool includeAll)
    {
        includeAll = false;
        if (!q.TryGetValue("include_all_permissions", out var text))
        {
            return true;
        }

        if (TryParseBool(text, out includeAll))
        {
            return true;
        }

        errors.Add("include_all_permissions", "Not a valid boolean.");
        return false;
    }

    internal static QueryArgs Parse(IReadOnlyDictionary<string, string> q, FieldErrorList errors)
    {
        var args = new QueryArgs();
        if (q.TryGetValue("page", out var page))
        {
            if (TryParseInt(page, out var p)) { args.Page = p; }
            else { errors.Add("page", "Not a valid integer."); }
        }

        if (q.TryGetValue("per_page", out var perPage))
        {
            if (!TryParseInt(perPage, out var pp)) { errors.Add("per_page", "Not a valid integer."); }
            else if (pp is < 1 or > 100) { errors.Add("per_page", "Must be between 1 and 100."); }
            else { args.PerPage = pp; }
        }

        if (q.TryGetValue("status", out var status))
        {
            if (Statuses.Contains(status, StringComparer.Ordinal)) { args.Status = status; }
            else { errors.Add("status", "Must be one of: " + string.Join(", ", Statuses) + "."); }
        }

        if (q.TryGetValue("type", out var type))
        {
            if (Types.Contains(type, StringComparer.Ordinal)) { args.Type = type; }
            else { errors.Add("type", "Must be one of: " + string.Join(", ", Types) + "."); }
        }

        if (q.TryGetValue("search_text", out var search) && search.Length > 0)
        {
            args.SearchText = search;
        }

        if (TryReadIncludeAll(q, errors, out var includeAll))
        {
            args.IncludeAllPermissions = includeAll;
        }

        return args;
    }

    /// <summary>Whether any filter (status, type, search_text) was given.</summary>
    internal bool Filters => Status is not null || Type is not null || SearchText is not null;

    internal bool Matches(SimKey key, DateOnly today)
    {
        if (Status is not null)
        {
            var expired = key.IsExpiredOn(today);
            var ok = Status switch
            {
                "disabled" => key.Disabled,
                "expired" => expired,
                "inactive" => key.Disabled || expired,
                _ => !key.Disabled && !expired,
            };
            if (!ok) { return false; }
        }

        // A key whose UserType is null matches neither type=bot nor type=user.
        if (Type is not null && !string.Equals(key.UserType, Type, StringComparison.Ordinal))
        {
            return false;
        }

        return SearchText is null
            || key.Label.Contains(SearchText, StringComparison.OrdinalIgnoreCase)
            || key.Secret.Contains(SearchText, StringComparison.Ordinal);
    }

    /// <summary>true/false/1/0 in any letter case.</summary>
    private static bool TryParseBool(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true": case "1": value = true; return true;
            case "false": case "0": value = false; return true;
            default: value = false; return false;
        }
    }

    private static bool TryParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
