using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using PartooKeys.Validation;

namespace PartooKeys.Commands;

/// <summary>The cmdlets' side of the connection's permission catalogue (see PermissionCatalogueReader): checks before sending.</summary>
public abstract partial class PartooCmdlet
{
    /// <summary>Set once the catalogue could not be read in this command: later keys are not asked about again, nor reported twice.</summary>
    private bool _catalogueUnreadable;

    /// <summary>
    /// The connection's catalogue for checks and audit rules (read on first use), or null when it cannot
    /// be read: the reader's note (Verbose for a 403, else a warning) is written once per command, or
    /// added to <paramref name="warnings"/> when given, for the caller to write in its place in the output.
    /// </summary>
    private protected PermissionCatalogue? CatalogueIfReadable(string whatIsSkipped, List<string>? warnings = null)
    {
        var reader = ResolveConnection().Catalogue;
        if (reader.Cached is { } cached) return cached;
        if (_catalogueUnreadable) return null;
        var answer = reader.ForChecks(request => Run(request), whatIsSkipped);
        _catalogueUnreadable = answer.Catalogue is null;
        if (answer.Note is { IsWarning: true } warning && warnings is not null) warnings.Add(warning.Text);
        else Write(answer.Note);
        return answer.Catalogue;
    }

    /// <summary>Writes a note of the catalogue reader to the Verbose or the warning stream.</summary>
    private protected void Write(PermissionCatalogueReader.Note? note)
    {
        if (note is null) return;
        if (note.IsWarning) WriteWarning(note.Text);
        else WriteVerbose(note.Text);
    }

    /// <summary>
    /// Checks the permission list a create or update will send against the organisation's catalogue
    /// (see PermissionCheck): throws PartooCmdletException (…InvalidPermission) for a name the
    /// organisation lacks; returns the warnings (missing dependencies, roles, a catalogue that could
    /// not be read) for the caller to write in the input's place. Nothing to check when the body
    /// sends no restricted list; form-only when the catalogue cannot be read.
    /// </summary>
    private protected IReadOnlyList<string> CheckPermissions(ApiKeyChanges body, ApiKey? key)
    {
        var warnings = new List<string>();
        if (!body.HasPermissions || !body.RestrictsPermissions || body.Permissions is not { Count: > 0 } sent) return warnings;
        if (CatalogueIfReadable("permission names are checked for their form only.", warnings) is not { } catalogue) return warnings;
        warnings.AddRange(PermissionCheck.Check(catalogue, sent, key, ParameterOf));
        if (key is null && PermissionCheck.RoleBound(catalogue, sent) is { Count: > 0 } bound)
            WriteVerbose($"Not checked: whether the caller's role may hold {string.Join(", ", bound)} (disabled for some roles): the new key belongs to the connected key's user, whose role PartooKeys does not read.");
        return warnings;
    }

    /// <summary>The parameter a permission name came from: the first of AddPermission/Permission that lists it.</summary>
    private string ParameterOf(string name)
    {
        foreach (var parameter in new[] { "AddPermission", "Permission", "Permissions" })
            if (MyInvocation.BoundParameters.TryGetValue(parameter, out var value) && (value is string one ? one == name : value is IEnumerable names && names.Cast<object?>().Any(n => string.Equals(n?.ToString(), name, StringComparison.Ordinal))))
                return parameter;
        return "Permission";
    }
}
