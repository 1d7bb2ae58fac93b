using System.Text;
using System.Text.Json;
using PartooKeys.Json;

namespace PartooKeys.Client.Tests;

/// <summary>
/// Partoo's timestamps at their edges: every offset form, the ranges of each field, fractions of
/// every length, text the pattern reads (spaces around), and the converter's null, empty and wrong tokens.
/// </summary>
public sealed class TimestampContractTests
{
    private static DateTimeOffset? Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return new PartooTimestampConverter().Read(ref reader, typeof(DateTimeOffset?), new JsonSerializerOptions());
    }

    private static string Parsed(string text)
    {
        Assert.True(PartooTimestampConverter.TryParse(text, out var value), text);
        Assert.Equal(TimeSpan.Zero, value.Offset);
        return value.ToString("O");
    }

    [Theory]
    [InlineData("2019-08-22 17:16:38+0530", "2019-08-22T11:46:38.0000000+00:00")]  // hhmm
    [InlineData("2019-08-22 17:16:38+05:30", "2019-08-22T11:46:38.0000000+00:00")] // hh:mm
    [InlineData("2019-08-22 06:16:38-05:30", "2019-08-22T11:46:38.0000000+00:00")] // west, with minutes
    [InlineData("2019-08-23 01:46:38+14", "2019-08-22T11:46:38.0000000+00:00")]    // the largest offset
    [InlineData("2019-08-21 21:46:38-14:00", "2019-08-22T11:46:38.0000000+00:00")]
    [InlineData("2019-08-22 12:45:38+00:59", "2019-08-22T11:46:38.0000000+00:00")]
    [InlineData("2019-08-22 11:46:38Z", "2019-08-22T11:46:38.0000000+00:00")]
    [InlineData("2019-08-22T11:46Z", "2019-08-22T11:46:00.0000000+00:00")]         // no seconds
    [InlineData("2019-08-22 11:46+01", "2019-08-22T10:46:00.0000000+00:00")]
    public void EveryOffsetFormIsRead(string text, string expected) => Assert.Equal(expected, Parsed(text));

    [Theory]
    [InlineData("2019-08-22 11:46:38.1+00", "2019-08-22T11:46:38.1000000+00:00")]
    [InlineData("2019-08-22 11:46:38.12+00", "2019-08-22T11:46:38.1200000+00:00")]
    [InlineData("2019-08-22 11:46:38.1234567+00", "2019-08-22T11:46:38.1234567+00:00")]
    [InlineData("2019-08-22 11:46:38.12345678+00", "2019-08-22T11:46:38.1234567+00:00")]  // beyond ticks: cut, not rounded
    [InlineData("2019-08-22 11:46:38.0000001", "2019-08-22T11:46:38.0000001+00:00")]
    public void FractionsKeepSevenDigits(string text, string expected) => Assert.Equal(expected, Parsed(text));

    [Theory]
    [InlineData("2019-12-31 23:59:59+00", "2019-12-31T23:59:59.0000000+00:00")]   // the last second of a year
    [InlineData("2019-01-01 00:00:00+00", "2019-01-01T00:00:00.0000000+00:00")]
    [InlineData("2020-02-29 12:00:00+00", "2020-02-29T12:00:00.0000000+00:00")]   // a leap day
    [InlineData("2019-01-01 00:30:00+01", "2018-12-31T23:30:00.0000000+00:00")]   // UTC in the year before
    [InlineData("0002-01-01 00:00:00+00", "0002-01-01T00:00:00.0000000+00:00")]
    [InlineData("9998-12-31 23:59:59+00", "9998-12-31T23:59:59.0000000+00:00")]
    [InlineData("0001-01-01 00:00:00+00", "0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("9999-12-31 00:00:00+00", "9999-12-31T00:00:00.0000000+00:00")]
    public void TheEdgesOfEachFieldAreRead(string text, string expected) => Assert.Equal(expected, Parsed(text));

    [Theory]
    [InlineData("2019-02-29 10:00:00+00")]  // not a leap year
    [InlineData("2019-04-31 10:00:00+00")]
    [InlineData("2019-00-10 10:00:00+00")]
    [InlineData("2019-08-00 10:00:00+00")]
    [InlineData("2019-08-22 11:46:60+00")]
    [InlineData("2019-08-22 11:46:38+14:01")]  // past 14 hours
    [InlineData("2019-08-22 11:46:38+05:60")]
    [InlineData("2019-08-22 11:46:38+5")]
    [InlineData("2019-08-22 11:46:38+05:3")]
    [InlineData("2019-08-22 11:46:38+05:")]
    [InlineData("2019-08-22 11:46:38+")]
    [InlineData("2019-08-22 11:46:38 extra")]
    [InlineData("2019-08-22 11:46:3")]
    [InlineData("2019-08-22 11:4")]
    [InlineData("2019-08-22 11")]
    [InlineData("2019-08-22X11:46:38")]
    [InlineData("2019/08/22 11:46:38")]
    [InlineData("2019-08-2a 11:46:38")]
    [InlineData("2019-8-22 11:46:38")]
    [InlineData("")]
    [InlineData("   ")]
    public void WhatIsNotATimestampIsRefused(string text) => Assert.False(PartooTimestampConverter.TryParse(text, out _));

    [Theory]
    [InlineData(" 2019-08-22 11:46:38.123456789 +00 ", "2019-08-22T11:46:38.1234567+00:00")]
    [InlineData(" 2019-08-22 17:16:38 +0530", "2019-08-22T11:46:38.0000000+00:00")]
    [InlineData(" 2019-08-22 17:16:38 +05:30", "2019-08-22T11:46:38.0000000+00:00")]
    [InlineData(" 2019-08-22 13:46:38 +02", "2019-08-22T11:46:38.0000000+00:00")]
    [InlineData(" 2019-08-22 11:46 Z", "2019-08-22T11:46:00.0000000+00:00")]
    [InlineData(" 2019-08-22T11:46:38", "2019-08-22T11:46:38.0000000+00:00")]
    public void TextAroundSpacesIsReadByThePattern(string text, string expected) => Assert.Equal(expected, Parsed(text));

    [Theory]
    [InlineData(" 2019-02-30 10:00:00 +00")]
    [InlineData(" 2019-08-22 24:00 +00")]
    [InlineData(" 2019-08-22 11:46:38 +15")]
    public void ThePatternRefusesWhatIsOutOfRangeToo(string text) => Assert.False(PartooTimestampConverter.TryParse(text, out _));

    [Fact]
    public void NullAndEmptyAreNoTimestamp()
    {
        Assert.Null(Read("null"));
        Assert.Null(Read("\"\""));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("{}")]
    public void ANonStringIsAnError(string json) => Assert.Throws<JsonException>(() => Read(json));

    [Fact]
    public void AStringThatIsNoTimestampIsAnErrorNamingIt()
    {
        var ex = Assert.Throws<JsonException>(() => Read("\"soon\""));
        Assert.Contains("'soon'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEscapedStringIsReadAsText()
    {
        Assert.Equal("2019-08-22T11:46:38.0000000+00:00", Read("\"2019-08-22\\u002011:46:38+00\"")?.ToString("O"));
    }

    [Fact]
    public void ATimestampIsWrittenInUtcAsPartooSendsIt()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            new PartooTimestampConverter().Write(writer, new DateTimeOffset(2019, 8, 22, 13, 46, 38, 914, TimeSpan.FromHours(2)).AddTicks(4670), new JsonSerializerOptions());
            new PartooTimestampConverter().Write(writer, null, new JsonSerializerOptions());
            writer.WriteEndArray();
        }
        using var written = JsonDocument.Parse(stream.ToArray());
        Assert.Equal("2019-08-22 11:46:38.914467+00", written.RootElement[0].GetString());
        Assert.Equal(JsonValueKind.Null, written.RootElement[1].ValueKind);
    }

    [Fact]
    public void WhatIsWrittenReadsBackTheSame()
    {
        var moment = new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromMinutes(-330)).AddTicks(1234560);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) new PartooTimestampConverter().Write(writer, moment, new JsonSerializerOptions());
        Assert.Equal(moment.UtcDateTime, Read(Encoding.UTF8.GetString(stream.ToArray()))!.Value.UtcDateTime);
    }
}
