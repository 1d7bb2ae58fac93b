using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace PartooKeys.Http;

/// <summary>
/// The one home of redaction: removes the connection's key, the proxy password and the request's
/// secret-bearing query values (search_text, which carries -KeyValue) from any text taken from an
/// answer, before it reaches a message or an exception. A server or gateway may echo what it was sent,
/// also escaped (JSON \u, URL %XX, HTML &amp;#..;): such text is shown decoded, and redacted.
/// The secrets stay SecureStrings; each is plaintext only within one call of <see cref="Redact"/>.
/// </summary>
internal sealed class Redactor
{
    public const string Mark = "***";
    /// <summary>Shorter values are not searched for: they would blank ordinary words.</summary>
    private const int ShortestSecret = 4;
    private static readonly Regex JsonEscape = new(@"\\u([0-9a-fA-F]{4})", RegexOptions.CultureInvariant);

    private readonly SecureString? _key;
    private readonly NetworkCredential? _proxy;
    private readonly IReadOnlyList<string> _values;

    public Redactor(SecureString? key, NetworkCredential? proxyCredential = null)
        : this(key, proxyCredential, Array.Empty<string>()) { }

    private Redactor(SecureString? key, NetworkCredential? proxy, IReadOnlyList<string> values)
    {
        _key = key;
        _proxy = proxy;
        _values = values;
    }

    /// <summary>This redactor, and also the secret-bearing values of a request's query.</summary>
    public Redactor For(IEnumerable<KeyValuePair<string, string>>? query)
    {
        var values = query?.Where(p => PartooClient.IsRedactedQueryName(p.Key)).Select(p => p.Value).ToList();
        return values is { Count: > 0 } ? new Redactor(_key, _proxy, values) : this;
    }

    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var secrets = Secrets().Where(s => s.Length >= ShortestSecret).ToList();
        if (secrets.Count == 0) return text;
        var decoded = Decode(text!);
        // An escaped echo is shown decoded, so the secret is found (and removed) in what is shown.
        var shown = decoded != text && secrets.Any(s => decoded.IndexOf(s, StringComparison.OrdinalIgnoreCase) >= 0) ? decoded : text!;
        foreach (var secret in secrets) shown = Remove(shown, secret);
        return shown;
    }

    private IEnumerable<string> Secrets()
    {
        foreach (var value in _values) yield return value;
        if (_key is not null) yield return SecureText.Reveal(_key);
        if (_proxy is { Password.Length: > 0 })
        {
            yield return _proxy.Password;
            // A gateway page that dumps Proxy-Authorization shows it as base64.
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(_proxy.UserName + ":" + _proxy.Password));
        }
    }

    /// <summary>HTML entities, JSON \uXXXX escapes and URL %XX escapes, decoded (the text unchanged where none).</summary>
    private static string Decode(string text)
    {
        var result = text;
        if (result.IndexOf('&') >= 0) result = WebUtility.HtmlDecode(result);
        if (result.IndexOf("\\u", StringComparison.Ordinal) >= 0)
            result = JsonEscape.Replace(result, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
        if (result.IndexOf('%') >= 0)
        {
            try { result = Uri.UnescapeDataString(result); }
            catch (UriFormatException) { }
        }
        return result;
    }

    /// <summary>The value as sent and as a URL or JSON writer would have escaped it.</summary>
    private static string Remove(string text, string secret)
    {
        foreach (var form in new[] { secret, Uri.EscapeDataString(secret), System.Text.Json.JsonEncodedText.Encode(secret).ToString() })
            if (form.Length >= ShortestSecret) text = Replace(text, form);
        return text;
    }

    private static string Replace(string text, string form)
    {
        var at = text.IndexOf(form, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return text;
        var builder = new StringBuilder(text.Length);
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
