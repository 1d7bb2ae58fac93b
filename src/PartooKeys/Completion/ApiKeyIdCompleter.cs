using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PartooKeys.Completion;

/// <summary>
/// Completes -Id with the ids of the keys of the connection the command line reaches (its
/// -Connection, else the session's), their labels as list text and tooltip: the keys listed or read
/// through that connection in the last few minutes, else the listing's first page read within the
/// completion budget; never another organisation's. Digits complete ids that start with them; other text matches
/// labels (so -Id crm&lt;Tab&gt; becomes 1002). Not connected: nothing.
/// </summary>
public sealed class ApiKeyIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var byId = word.All(char.IsDigit);
        var hideRevoked = string.Equals(commandName, "Revoke-PartooApiKey", StringComparison.OrdinalIgnoreCase)
            || string.Equals(commandName, "Set-PartooApiKey", StringComparison.OrdinalIgnoreCase);
        return CompletionSource.Keys(CompletionSource.ConnectionFor(commandAst, fakeBoundParameters))
            .Where(k => !(hideRevoked && k.Revoked))
            .Where(k => byId
                ? k.Id.ToString(CultureInfo.InvariantCulture).StartsWith(word, StringComparison.Ordinal)
                : k.Label.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            .Select(k =>
            {
                var id = k.Id.ToString(CultureInfo.InvariantCulture);
                var label = k.Label + (k.Revoked ? " (revoked)" : string.Empty);
                return new CompletionResult(id, id + " " + label, CompletionResultType.ParameterValue, label.Length == 0 ? id : label);
            });
    }
}
