using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PartooKeys.Completion;

/// <summary>Completes permission names: those Partoo documents and those seen on keys read in this session.</summary>
public sealed class PermissionNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return KnownPermissions.Documented.Concat(SeenPermissions.InCurrentRunspace())
            .Distinct(StringComparer.Ordinal)
            .Where(name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(name => name, StringComparer.Ordinal)
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
    }
}
