using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace PartooKeys.Commands;

/// <summary>
/// Turns a CSV cell into values: "business_edit;review_read" becomes two names (each trimmed, empty
/// parts dropped). A blank string stays as it is, so the cmdlet can tell "an empty cell" (not given)
/// from a list. Arrays and ValueLists are flattened the same way.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SplitListAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        return value switch
        {
            null => NullList, // PowerShell would turn a null into an empty list: keep "$null" visible to the checks

            string text => Split(text).ToArray(),
            IEnumerable items => items.Cast<object?>().SelectMany(item => (item is PSObject p ? p.BaseObject : item) switch
            {
                null => new string?[] { null },
                string text => Split(text).Cast<string?>(),
                var other => new string?[] { other.ToString() },
            }).ToArray(),
            _ => inputData,
        };
    }

    /// <summary>What -Parameter $null becomes; <see cref="Values"/> turns it back into null.</summary>
    private static readonly string?[] NullList = { null };

    /// <summary>The parameter's value with $null given back as null (to be refused by the checks).</summary>
    public static string?[]? Values(string?[]? bound) => bound is { Length: 1 } && bound[0] is null ? null : bound;

    private static IEnumerable<string> Split(string text)
    {
        if (text.IndexOf(ValueList.Separator) < 0) return new[] { text };
        return text.Split(ValueList.Separator).Select(part => part.Trim()).Where(part => part.Length > 0);
    }
}

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

/// <summary>
/// Which parameters the user gave for the current input: those on the command line, plus those bound
/// from the input object's properties whose value is not blank (an empty CSV cell means "not given").
/// PowerShell resets pipeline-bound parameters to their defaults before each input but leaves them in
/// BoundParameters, so for those the current property value is what counts.
/// </summary>
internal sealed class GivenParameters
{
    private readonly PSCmdlet _cmdlet;
    private readonly HashSet<string> _commandLine;

    public GivenParameters(PSCmdlet cmdlet)
    {
        _cmdlet = cmdlet;
        _commandLine = new HashSet<string>(cmdlet.MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
    }

    public bool OnCommandLine(string parameter) => _commandLine.Contains(parameter);

    /// <summary>When set, values bound from the input object do not count (a piped ApiKey's own properties).</summary>
    public bool CommandLineOnly { get; set; }

    /// <summary>Given: on the command line (a switch only when present), or from the current input with a non-blank value.</summary>
    public bool this[string parameter]
    {
        get
        {
            if (_commandLine.Contains(parameter))
                return _cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out var value) && (value is not SwitchParameter s || s.IsPresent);
            return !CommandLineOnly && !IsBlank(Current(parameter));
        }
    }

    /// <summary>True when one of these parameters has a value from the current input object (blank or not).</summary>
    public bool FromInput(IEnumerable<string> parameters) =>
        parameters.Any(name => !_commandLine.Contains(name) && Current(name) is not null and not SwitchParameter { IsPresent: false });

    private object? Current(string parameter) => _cmdlet.GetType().GetProperty(parameter)?.GetValue(_cmdlet);

    private static bool IsBlank(object? value) => value switch
    {
        null => true,
        SwitchParameter s => !s.IsPresent,
        string text => string.IsNullOrWhiteSpace(text),
        IEnumerable items => items.Cast<object?>().All(IsBlank),
        _ => false,
    };
}
