using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartooKeys.Json;

/// <summary>Reads and writes expiration dates as "yyyy-MM-dd" (a timestamp is accepted and cut to its date).</summary>
public sealed class PartooDateConverter : JsonConverter<DateTime?>
{
    public const string Format = "yyyy-MM-dd";

    public override bool HandleNull => true;

    public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"Expected a date string, found {reader.TokenType}.");
        var text = reader.GetString()!.Trim();
        if (text.Length == 0) return null;
        if (DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return DateTime.SpecifyKind(date, DateTimeKind.Unspecified);
        if (PartooTimestampConverter.TryParse(text, out var stamp)) return DateTime.SpecifyKind(stamp.UtcDateTime.Date, DateTimeKind.Unspecified);
        throw new JsonException($"'{text}' is not a date in the form yyyy-mm-dd.");
    }

    public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
    {
        if (value is DateTime v) writer.WriteStringValue(v.ToString(Format, CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }
}
