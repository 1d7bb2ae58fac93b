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
        if (!reader.HasValueSequence && !reader.ValueIsEscaped && TryParseExact(reader.ValueSpan, out var exact)) return exact; // no string for the usual form
        var text = reader.GetString()!;
        if (text.Length == 0) return null;
        return TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not a timestamp Partoo sends.");
    }

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        if (TryParseExact(System.Text.Encoding.UTF8.GetBytes(text), out value)) return true;
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

    /// <summary>
    /// The form Partoo sends, read straight from UTF-8 without allocating: yyyy-MM-dd[ T]HH:mm[:ss][.fraction][Z|+hh|+hhmm|+hh:mm].
    /// False for anything else, and for values out of range, which <see cref="TryParse"/> then reads (or refuses) by the pattern.
    /// </summary>
    private static bool TryParseExact(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        var at = 0;
        if (!Number(text, ref at, 4, out var year) || !Expect(text, ref at, (byte)'-') || !Number(text, ref at, 2, out var month)
            || !Expect(text, ref at, (byte)'-') || !Number(text, ref at, 2, out var day)
            || !(Expect(text, ref at, (byte)' ') || Expect(text, ref at, (byte)'T'))
            || !Number(text, ref at, 2, out var hour) || !Expect(text, ref at, (byte)':') || !Number(text, ref at, 2, out var minute))
            return false;
        var second = 0;
        if (Expect(text, ref at, (byte)':') && !Number(text, ref at, 2, out second)) return false;
        long fractionTicks = 0;
        if (Expect(text, ref at, (byte)'.'))
        {
            var digits = 0;
            for (; at < text.Length && IsDigit(text[at]); at++, digits++)
                if (digits < 7) fractionTicks = fractionTicks * 10 + (text[at] - '0');
            if (digits == 0) return false;
            for (; digits < 7; digits++) fractionTicks *= 10;
        }
        var offsetMinutes = 0; // "Z", or no zone: UTC
        if (!Expect(text, ref at, (byte)'Z') && at < text.Length && text[at] is (byte)'+' or (byte)'-')
        {
            var sign = text[at++] == '-' ? -1 : 1;
            if (!Number(text, ref at, 2, out var offsetHours)) return false;
            var offsetMinutePart = 0;
            if (at < text.Length && (Expect(text, ref at, (byte)':') || IsDigit(text[at])) && !Number(text, ref at, 2, out offsetMinutePart)) return false;
            if (offsetHours > 14 || offsetMinutePart > 59) return false;
            offsetMinutes = sign * (offsetHours * 60 + offsetMinutePart);
            if (Math.Abs(offsetMinutes) > 14 * 60) return false;
        }
        if (at != text.Length) return false;
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59) return false;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        value = new DateTimeOffset(local, TimeSpan.FromMinutes(offsetMinutes)).ToUniversalTime();
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool Expect(ReadOnlySpan<byte> text, ref int at, byte wanted)
    {
        if (at >= text.Length || text[at] != wanted) return false;
        at++;
        return true;
    }

    private static bool Number(ReadOnlySpan<byte> text, ref int at, int digits, out int value)
    {
        value = 0;
        if (at + digits > text.Length) return false;
        for (var end = at + digits; at < end; at++)
        {
            if (!IsDigit(text[at])) return false;
            value = value * 10 + (text[at] - '0');
        }
        return true;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is DateTimeOffset v) writer.WriteStringValue(v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }
}
