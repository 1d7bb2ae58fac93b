using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PartooKeys.Completion;
using PartooKeys.Errors;
using PartooKeys.Validation;

namespace PartooKeys.Commands;

/// <summary>
/// Lists the permissions the organisation can grant (GET /permissions), read once per connection
/// and kept with it (-Refresh reads again), in Partoo's section order.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PartooPermission")]
[OutputType(typeof(PartooPermission))]
public sealed class GetPartooPermissionCommand : PartooCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Permission", "Permissions")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[]? Section { get; set; }

    /// <summary>Reads the catalogue again instead of using the one kept with the connection.</summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    private PermissionCatalogue? _catalogue;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    protected override void ProcessRecord()
    {
        var catalogue = _catalogue ??= Catalogue();
        var sections = Patterns(Section);
        IEnumerable<PartooPermission> inSections = catalogue.Permissions
            .Where(p => sections is null || sections.Any(s => s.IsMatch(p.Section) || s.IsMatch(p.Subsection)));

        if (Name is null)
        {
            foreach (var permission in inSections) Write(permission);
            return;
        }
        var candidates = inSections.ToList();
        foreach (var name in Name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            var matches = candidates.Where(p => pattern.IsMatch(p.Name)).ToList();
            foreach (var permission in matches) Write(permission);
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name)) NotFound(catalogue, name);
        }
    }

    private PermissionCatalogue Catalogue()
    {
        try
        {
            var answer = ResolveConnection().Catalogue.ForListing(request => Run(request), Refresh);
            Write(answer.Note);
            return answer.Catalogue!; // Run answers or throws
        }
        catch (PartooApiException ex)
        {
            var record = ErrorRecords.From(ex, VerbNoun, null, "The organisation's permission list");
            if (ex.StatusCode == 403) record.ErrorDetails.RecommendedAction = PermissionCatalogueReader.ForbiddenAdvice;
            ThrowTerminatingError(record);
            throw;
        }
    }

    private void Write(PartooPermission permission)
    {
        if (_written.Add(permission.Name)) WriteObject(permission);
    }

    private void NotFound(PermissionCatalogue catalogue, string name)
    {
        var suggestions = catalogue.Suggest(name);
        var hint = suggestions.Count == 0 ? string.Empty : " Did you mean " + string.Join(" or ", suggestions) + "?";
        var where = Section is null ? string.Empty : " in the sections " + string.Join(", ", Section);
        WriteError(new PartooCmdletException(ErrorReason.NotFound,
            $"The organisation has no permission '{name}'{where}.{hint}",
            "Run Get-PartooPermission without -Name to list them all, or use wildcards, e.g. -Name review_*.", name));
    }

    private static List<WildcardPattern>? Patterns(string[]? values) =>
        values?.Select(v => new WildcardPattern(v, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToList();
}
