using System;
using System.Globalization;
using System.Text.Json;

namespace PartooKeys;

/// <summary>
/// A key of a listing that PartooKeys cannot read (a date that is no date, a field of the wrong type,
/// no id). Reported alone: the other keys of the page are read as usual.
/// </summary>
public sealed class UnreadableApiKey
{
    private const int LongestProblem = 200;

    internal UnreadableApiKey(int? id, string? field, string problem, int position)
    {
        Id = id;
        Field = field;
        Problem = problem;
        Position = position;
    }

    /// <summary>The key's id, when the id itself could be read.</summary>
    public int? Id { get; }

    /// <summary>The JSON field that could not be read (e.g. "expiration_date"), when known.</summary>
    public string? Field { get; }

    /// <summary>What was wrong, with server text already redacted of secrets.</summary>
    public string Problem { get; private set; }

    /// <summary>0-based position of the key in its page; -1 for a key read alone.</summary>
    public int Position { get; }

    /// <summary>"Key 1003" or "The key at position 4 of the page" (no id to name it by).</summary>
    public string Subject =>
        Id is int id ? "Key " + id.ToString(CultureInfo.InvariantCulture)
        : Position < 0 ? "The key in the answer" : $"The key at position {Position + 1} of the page";

    public override string ToString() =>
        Field is null ? $"{Subject} cannot be read: {Problem}" : $"{Subject} cannot be read: its field '{Field}' {Problem}";

    internal void RedactWith(Http.Redactor redactor) => Problem = redactor.Redact(Problem)!;

    /// <summary>A key without a positive id.</summary>
    internal static UnreadableApiKey WithoutId(JsonElement element, int position) =>
        From(element, null, "is missing or not a positive number.", position, "id");

    /// <summary>From the element that failed and the serializer's complaint.</summary>
    internal static UnreadableApiKey From(JsonElement element, JsonException? error, string? problem, int position, string? field = null)
    {
        int? id = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var idValue)
                  && idValue.ValueKind == JsonValueKind.Number && idValue.TryGetInt32(out var number) && number > 0 ? number : null;
        field ??= FieldOf(error?.Path);
        if (field == "id" && problem is null && FindField(element, "id").ValueKind is JsonValueKind.Null or JsonValueKind.Number or JsonValueKind.Undefined)
            problem = "is missing or not a positive number.";
        var text = problem ?? Describe(error!, field is null ? default : FindField(element, field));
        if (text.Length > LongestProblem) text = text.Substring(0, LongestProblem) + "...";
        return new UnreadableApiKey(id, field, text, position);
    }

    /// <summary>"$.expiration_date" or "$.permissions[2]" → the top-level field name.</summary>
    internal static string? FieldOf(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal) || path.Length < 3) return null;
        var name = path.Substring(2);
        var cut = name.IndexOfAny(new[] { '.', '[' });
        return cut > 0 ? name.Substring(0, cut) : name;
    }

    private static JsonElement FindField(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Object) return default;
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, field, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return default;
    }

    /// <summary>The converters' own messages are clear ("'2026-13-45' is not a date ..."); the serializer's name .NET types.</summary>
    private static string Describe(JsonException error, JsonElement value)
    {
        var message = error.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0) message = message.Substring(0, cut);
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) || message.Length == 0)
            message = value.ValueKind == JsonValueKind.Undefined
                ? "holds a value of the wrong type."
                : $"holds {Shown(value)} ({value.ValueKind.ToString().ToLowerInvariant()}), a value of the wrong type.";
        else message = "is not valid: " + message;
        return message;
    }

    private static string Shown(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 40 ? raw : raw.Substring(0, 40) + "...";
    }
}
