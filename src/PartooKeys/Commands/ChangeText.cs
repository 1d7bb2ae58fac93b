using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PartooKeys.Commands;

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

    public static string Day(DateTime date) => date.ToString(Json.PartooDateConverter.Format, CultureInfo.InvariantCulture);
}
