using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;

namespace PartooKeys.Http;

/// <summary>
/// Removes the connection's key and the request's secret-bearing query values (search_text, which
/// carries -KeyValue) from any text taken from an answer, before it reaches a message or exception:
/// a server or gateway may echo what it was sent. The key is revealed only for the length of one call.
/// </summary>
internal sealed class Redactor
{
    public const string Mark = "***";
    /// <summary>Shorter values are not searched for: they would blank ordinary words.</summary>
    private const int ShortestSecret = 4;

    private readonly SecureString? _key;
    private readonly IReadOnlyList<string> _values;

    public Redactor(SecureString? key, IEnumerable<KeyValuePair<string, string>>? query = null)
    {
        _key = key;
        _values = query?.Where(p => PartooClient.IsRedactedQueryName(p.Key)).Select(p => p.Value).ToList() ?? (IReadOnlyList<string>)Array.Empty<string>();
    }

    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var result = text!;
        foreach (var value in _values) result = Remove(result, value);
        if (_key is not null) result = Remove(result, SecureText.Reveal(_key));
        return result;
    }

    /// <summary>The value as sent and as a URL or JSON writer would have escaped it.</summary>
    private static string Remove(string text, string secret)
    {
        if (secret.Length < ShortestSecret) return text;
        foreach (var form in new[] { secret, Uri.EscapeDataString(secret), System.Text.Json.JsonEncodedText.Encode(secret).ToString() })
            if (form.Length >= ShortestSecret) text = Replace(text, form);
        return text;
    }

    private static string Replace(string text, string form)
    {
        var at = text.IndexOf(form, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return text;
        var builder = new System.Text.StringBuilder(text.Length);
        var from = 0;
        while (at >= 0)
        {
            builder.Append(text, from, at - from).Append(Mark);
            from = at + form.Length;
            at = text.IndexOf(form, from, StringComparison.OrdinalIgnoreCase);
        }
        return builder.Append(text, from, text.Length - from).ToString();
    }
}
