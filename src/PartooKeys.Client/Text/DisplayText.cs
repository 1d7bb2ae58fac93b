using System.Globalization;
using System.Text;

namespace PartooKeys;

/// <summary>
/// The one escaper for text PartooKeys renders (views, What if / confirm text, warnings, progress, errors):
/// control characters are shown visibly, never sent raw to a terminal, so a label or a server's text cannot
/// clear the screen, set the window title, write the clipboard (OSC 52) or ring the bell. Objects keep the
/// exact values; only what is shown goes through here.
/// </summary>
public static class DisplayText
{
    /// <summary>ESC as \e, a line feed as ⏎, CR and TAB as \r and \t, every other control (C0, DEL, C1, bidirectional overrides, line separators) as \uXXXX.</summary>
    public static string? Escape(string? text)
    {
        if (text is null) return null;
        var at = 0;
        while (at < text.Length && !NeedsEscape(text[at])) at++;
        if (at == text.Length) return text;

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, at);
        for (; at < text.Length; at++)
        {
            var c = text[at];
            if (!NeedsEscape(c)) { builder.Append(c); continue; }
            switch (c)
            {
                case '\u001b': builder.Append("\\e"); break;
                case '\n': builder.Append('\u23ce'); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default: builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>Escapes each value and joins them, for a list shown in one cell.</summary>
    public static string Join(string separator, System.Collections.Generic.IEnumerable<string?>? values)
    {
        if (values is null) return string.Empty;
        var builder = new StringBuilder();
        foreach (var value in values)
        {
            if (builder.Length > 0) builder.Append(separator);
            builder.Append(Escape(value));
        }
        return builder.ToString();
    }

    /// <summary>A date as the views show it: 2027-04-20, whatever the culture.</summary>
    public static string? Date(System.DateTime? value) =>
        value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A moment as the views show it, in UTC: 2027-04-20 08:15 UTC (with seconds for the list view).</summary>
    public static string? Time(System.DateTimeOffset? value, bool withSeconds = false) =>
        value is System.DateTimeOffset moment
            ? moment.UtcDateTime.ToString(withSeconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"
            : null;

    private static bool NeedsEscape(char c) =>
        c < '\u0020' || (c >= '\u007f' && c <= '\u009f')
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029'
        || c == '\u200e' || c == '\u200f' || c == '\u061c';
}
