using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PartooKeys.Validation;

namespace PartooKeys.Completion;

/// <summary>
/// Completes permission names (and, for Get-PartooPermission -Section, section names) of the
/// organisation the command line reaches (its -Connection, else the session's): from its catalogue
/// (GET /permissions, read once per connection) with the section and subsection as tooltip;
/// -RemovePermission also offers names seen on that connection's keys that the catalogue lacks
/// (retired ones). Not connected, or when Partoo refuses the catalogue: the names Partoo documents
/// plus those seen on keys read through the connection. A word with * or ? is a wildcard pattern.
/// </summary>
public sealed class PermissionNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var matches = Matcher(word);
        var connection = CompletionSource.ConnectionFor(commandAst, fakeBoundParameters);
        var catalogue = CompletionSource.Catalogue(connection);
        var seen = connection?.Seen.PermissionNames() ?? Array.Empty<string>();

        if (string.Equals(parameterName, "Section", StringComparison.OrdinalIgnoreCase))
        {
            if (catalogue is null) return Array.Empty<CompletionResult>();
            return catalogue.Permissions
                .SelectMany(p => new[] { (Name: p.Section, Tip: "section"), (Name: p.Subsection, Tip: "subsection of " + p.Section) })
                .Where(s => s.Name.Length > 0 && matches(s.Name))
                .GroupBy(s => s.Name, StringComparer.Ordinal).Select(g => g.First())
                .Select(s => Result(s.Name, s.Name + " (" + s.Tip + ")"));
        }

        IEnumerable<(string Name, string Tip)> names;
        if (catalogue is null)
            names = PermissionCatalogueReader.WithoutCatalogue(seen).Select(n => (n, n));
        else
        {
            names = catalogue.Permissions.Select(p => (p.Name, Tip(p)));
            if (string.Equals(parameterName, "RemovePermission", StringComparison.OrdinalIgnoreCase))
                names = names.Concat(seen.Where(n => !catalogue.Contains(n)).Select(n => (n, n + ": seen on a key, but no longer a permission of this organisation")));
        }
        return names
            .Where(n => matches(n.Name))
            .GroupBy(n => n.Name, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => Result(n.Name, n.Tip));
    }

    private static string Tip(PartooPermission p)
    {
        var tip = p.Name + ": " + p.Location;
        if (p.DependsOn is not null) tip += "; needs " + p.DependsOn;
        if (p.DisabledForRoles.Length > 0) tip += "; not for " + string.Join(", ", p.DisabledForRoles);
        return tip;
    }

    private static Func<string, bool> Matcher(string word)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(word)) return name => name.StartsWith(word, StringComparison.OrdinalIgnoreCase);
        var pattern = new WildcardPattern(word, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        return pattern.IsMatch;
    }

    private static CompletionResult Result(string name, string tip) => new(name, name, CompletionResultType.ParameterValue, tip);
}
