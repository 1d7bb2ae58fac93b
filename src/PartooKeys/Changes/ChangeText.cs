using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PartooKeys.Changes;

/// <summary>How changes read in -WhatIf, -Confirm and Verbose: "Set label to 'x'; add permissions review_reply".</summary>
internal static class ChangeText
{
    public static string Join(IReadOnlyList<string> changes) =>
        changes.Count == 0 ? string.Empty : char.ToUpperInvariant(changes[0][0]) + string.Join("; ", changes).Substring(1);

    public static string Names(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }

    /// <summary>How messages and prompts name a key: API key 1002 'CRM sync' (the label escaped for the terminal).</summary>
    public static string Key(ApiKey key) => $"API key {key.Id} '{DisplayText.Escape(key.Label)}'";

    public static string Day(DateTime date) => date.ToString(Json.PartooDateConverter.Format, CultureInfo.InvariantCulture);
}
