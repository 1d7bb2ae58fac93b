using System.Globalization;

namespace PartooKeys.Simulator;

/// <summary>
/// Timestamps in the PostgreSQL text style the Partoo API sends
/// (e.g. "2019-08-22 11:46:38.914467+00"): a space between date and time, fractional seconds
/// with trailing zeros trimmed (omitted when zero), and an offset of "+HH" or "+HH:MM".
/// </summary>
public static class Timestamps
{
    /// <summary>Formats <paramref name="value"/> the way PostgreSQL prints a timestamptz.</summary>
    public static string ToPostgres(DateTimeOffset value)
    {
        var text = value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        long microseconds = value.Ticks / 10 % 1_000_000;
        if (microseconds != 0)
        {
            text += "." + microseconds.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        text += sign + abs.Hours.ToString("D2", CultureInfo.InvariantCulture);
        if (abs.Minutes != 0)
        {
            text += ":" + abs.Minutes.ToString("D2", CultureInfo.InvariantCulture);
        }

        return text;
    }

    /// <summary>The current UTC time, PostgreSQL style, microsecond precision ("...+00").</summary>
    public static string Now() => ToPostgres(DateTimeOffset.UtcNow);
}
