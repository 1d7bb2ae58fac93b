using System.Text;
using System.Text.Json;
using PartooKeys.Json;

namespace PartooKeys.Client.Tests;

public sealed class TimestampTests
{
    [Theory]
    [InlineData("2019-08-22 11:46:38.914467+00", "2019-08-22T11:46:38.9144670+00:00")]
    [InlineData("2019-08-22 11:46:38+00", "2019-08-22T11:46:38.0000000+00:00")]
    [InlineData("2019-08-22 13:46:38.5+02", "2019-08-22T11:46:38.5000000+00:00")]
    [InlineData("2019-08-22 17:16:38+05:30", "2019-08-22T11:46:38.0000000+00:00")]
    [InlineData("2019-08-22 08:46:38-03", "2019-08-22T11:46:38.0000000+00:00")]
    [InlineData("2019-08-22 11:46:38.123456789+00", "2019-08-22T11:46:38.1234567+00:00")]
    [InlineData("2019-08-22T11:46:38Z", "2019-08-22T11:46:38.0000000+00:00")]
    [InlineData("2019-08-22T11:46:38.914467+00:00", "2019-08-22T11:46:38.9144670+00:00")]
    [InlineData("2019-08-22 11:46:38", "2019-08-22T11:46:38.0000000+00:00")]
    public void PostgresAndIsoTimestampsBecomeUtc(string text, string expected)
    {
        Assert.True(PartooTimestampConverter.TryParse(text, out var value));
        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(expected, value.ToString("O"));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2019-13-40 11:46:38+00")]
    [InlineData("2019-08-22")]
    public void OtherTextIsNotATimestamp(string text) => Assert.False(PartooTimestampConverter.TryParse(text, out _));

    [Theory]
    [InlineData("\"2027-02-20\"", "2027-02-20")]
    [InlineData("null", null)]
    [InlineData("\"2027-02-20 00:00:00+00\"", "2027-02-20")]
    public void ExpirationDatesAreDates(string json, string? expected)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var value = new PartooDateConverter().Read(ref reader, typeof(DateTime?), new JsonSerializerOptions());
        Assert.Equal(expected, value?.ToString("yyyy-MM-dd"));
    }
}

public sealed class TimestampEdgeTests
{
    [Theory]
    [InlineData("2019-02-30 10:00:00+00")]  // no such day
    [InlineData("2019-08-22 24:00:00+00")]  // no such hour
    [InlineData("2019-08-22 11:60:00+00")]
    [InlineData("2019-08-22 11:46:38+15")]  // offsets end at 14 hours
    [InlineData("2019-08-22 11:46:38.+00")] // a point without digits
    [InlineData("2019-08-22 11:46:38+0")]
    public void ValuesOutOfRangeAreNotTimestamps(string text) => Assert.False(PartooTimestampConverter.TryParse(text, out _));

    [Theory]
    [InlineData("\"2019-08-22 13:46:38.914467+02\"", "2019-08-22T11:46:38.9144670+00:00")]
    [InlineData("\"2019-08-22 13:46:38\\u002B02\"", "2019-08-22T11:46:38.0000000+00:00")] // escaped: read as text
    [InlineData("\" 2019-08-22 11:46:38 +00 \"", "2019-08-22T11:46:38.0000000+00:00")]  // spaces: read by the pattern
    [InlineData("\"2019-08-22 11:46\"", "2019-08-22T11:46:00.0000000+00:00")]
    public void TheConverterReadsWhatTryParseReads(string json, string expected)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var value = new PartooTimestampConverter().Read(ref reader, typeof(DateTimeOffset?), new JsonSerializerOptions());
        Assert.Equal(expected, value?.ToString("O"));
    }
}
