namespace PartooKeys.Client.Tests;

/// <summary>DisplayText: what a terminal is shown of a text that may hold control characters.</summary>
public sealed class DisplayTextTests
{
    [Theory]
    [InlineData("CRM sync", "CRM sync")]
    [InlineData("\u001b[2J\u001b]0;owned\u0007", "\\e[2J\\e]0;owned\\u0007")]
    [InlineData("\u001b]52;c;ZXZpbA==\u0007", "\\e]52;c;ZXZpbA==\\u0007")]
    [InlineData("line one\nline two", "line one\u23celine two")]
    [InlineData("a\rb\tc\u0000d\u007fe", "a\\rb\\tc\\u0000d\\u007fe")]
    [InlineData("\u009b2J", "\\u009b2J")]            // C1 CSI
    [InlineData("abc\u202edcba", "abc\\u202edcba")]   // right-to-left override
    [InlineData("caf\u00e9 \u2026 \u00e4", "caf\u00e9 \u2026 \u00e4")]
    public void ControlCharactersAreShownVisiblyAndOtherTextIsKept(string text, string shown) =>
        Assert.Equal(shown, DisplayText.Escape(text));

    [Fact]
    public void EscapingTwiceChangesNothingMore()
    {
        var once = DisplayText.Escape("\u001b[31mred\u0007\n");
        Assert.Equal(once, DisplayText.Escape(once));
        Assert.Null(DisplayText.Escape(null));
    }

    [Fact]
    public void ListsAreJoinedWithEachValueEscaped() =>
        Assert.Equal("a, \\e[2Jb", DisplayText.Join(", ", new[] { "a", "\u001b[2Jb" }));

    [Fact]
    public void DatesAreIsoWhateverTheCulture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("fi-FI"); // '.' as time separator
            Assert.Equal("2027-04-20", DisplayText.Date(new DateTime(2027, 4, 20)));
            var moment = new DateTimeOffset(2027, 4, 20, 10, 15, 30, TimeSpan.FromHours(2));
            Assert.Equal("2027-04-20 08:15 UTC", DisplayText.Time(moment));
            Assert.Equal("2027-04-20 08:15:30 UTC", DisplayText.Time(moment, withSeconds: true));
            Assert.Null(DisplayText.Time(null));
        }
        finally { System.Globalization.CultureInfo.CurrentCulture = before; }
    }
}
