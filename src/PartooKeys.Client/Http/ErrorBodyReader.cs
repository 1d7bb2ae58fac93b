using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace PartooKeys.Http;

/// <summary>Reads Partoo's error bodies: {"error": ...} or {"errors": ...}, a string or a (nested) field map.</summary>
internal static class ErrorBodyReader
{
    private static readonly HashSet<string> WrapperNames = new() { "json", "authentication", "authorization", "message", "detail", "rate_limit" };

    /// <summary>False when the body is not JSON at all.</summary>
    public static bool TryRead(byte[] body, out string? message, out List<string> fieldErrors)
    {
        message = null;
        fieldErrors = new List<string>();
        JsonDocument document;
        try { document = JsonDocument.Parse(body); }
        catch (JsonException) { return false; }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return true;
            foreach (var name in new[] { "error", "errors", "message", "detail" })
            {
                if (!root.TryGetProperty(name, out var error)) continue;
                var lines = new List<(string? Field, string Text)>();
                Flatten(error, null, lines);
                var fields = lines.Where(l => l.Field is not null).Select(l => $"{l.Field}: {l.Text}").ToList();
                var plain = lines.Where(l => l.Field is null).Select(l => l.Text).ToList();
                fieldErrors.AddRange(fields);
                message = string.Join("; ", plain.Concat(fields));
                if (message.Length == 0) message = null;
                return true;
            }
        }
        return true;
    }

    private static void Flatten(JsonElement element, string? field, List<(string?, string)> lines)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                lines.Add((field, element.GetString()!));
                break;
            case JsonValueKind.Array:
                var texts = element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText());
                lines.Add((field, string.Join(" ", texts)));
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var isWrapper = WrapperNames.Contains(property.Name);
                    var child = isWrapper ? field : field is null ? property.Name : $"{field}.{property.Name}";
                    Flatten(property.Value, child, lines);
                }
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                break;
            default:
                lines.Add((field, element.GetRawText()));
                break;
        }
    }
}
