using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace PartooKeys.Commands;

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
