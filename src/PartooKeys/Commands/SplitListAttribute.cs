using System;
using System.Collections;
using System.Collections.Generic;
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
