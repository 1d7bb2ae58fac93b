using System;
using System.Globalization;
using System.Management.Automation;

namespace PartooKeys.Commands;

/// <summary>
/// Reads an expiration date as a CSV gives it: a blank cell is no date (null: not given);
/// "yyyy-MM-dd" in any culture, else the forms of the current culture, then the invariant culture.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DateTextAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        if (value is not string text) return inputData;
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        if (DateTime.TryParse(text, CultureInfo.CurrentCulture, DateTimeStyles.None, out var date)) return date;
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) return date;
        throw new ArgumentTransformationMetadataException(
            $"ExpirationDate '{text}' is not a date: write it as yyyy-MM-dd, e.g. {DateTime.UtcNow.Date.AddDays(90):yyyy-MM-dd}. Nothing was sent for this input.");
    }
}
