using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace PartooKeys.Json;

/// <summary>
/// Reads Partoo's PostgreSQL-style timestamps ("2019-08-22 11:46:38.914467+00", "+02", "+05:30",
/// with or without a fraction; ISO 8601 too) as a DateTimeOffset in UTC. No offset means UTC.
/// </summary>
public sealed class PartooTimestampConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly Regex Pattern = new(
        @"^(?<date>\d{4}-\d{2}-\d{2})[ T](?<time>\d{2}:\d{2}(:\d{2})?)(?<fraction>\.\d+)?\s*(?<zone>Z|[+-]\d{2}(:?\d{2})?)?$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"Expected a timestamp string, found {reader.TokenType}.");
        var text = reader.GetString()!;
        if (text.Length == 0) return null;
        return TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not a timestamp Partoo sends.");
    }

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var match = Pattern.Match(text.Trim());
        if (!match.Success) return false;
        var time = match.Groups["time"].Value;
        if (time.Length == 5) time += ":00";
        var fraction = match.Groups["fraction"].Value;
        if (fraction.Length > 8) fraction = fraction.Substring(0, 8); // .NET keeps 7 digits
        var zone = match.Groups["zone"].Value;
        var offset = zone switch
        {
            "" or "Z" => "+00:00",
            _ when zone.Length == 3 => zone + ":00",
            _ when zone.Length == 5 => zone.Substring(0, 3) + ":" + zone.Substring(3),
            _ => zone,
        };
        var iso = $"{match.Groups["date"].Value}T{time}{fraction}{offset}";
        if (!DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        value = parsed.ToUniversalTime();
        return true;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is DateTimeOffset v) writer.WriteStringValue(v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }
}
