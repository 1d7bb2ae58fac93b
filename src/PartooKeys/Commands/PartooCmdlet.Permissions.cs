using System;
using System.Collections;
using System.Linq;
using PartooKeys.Errors;
using PartooKeys.Validation;

namespace PartooKeys.Commands;

/// <summary>The permission catalogue for the cmdlets: read once per connection, checks before sending.</summary>
public abstract partial class PartooCmdlet
{
    /// <summary>Set once the catalogue could not be read in this command: later keys are not asked about again, nor reported twice.</summary>
    private bool _catalogueUnreadable;

    /// <summary>
    /// The connection's catalogue (read on first use). For checks and audit rules a failure never
    /// stops the command: a 403 is a Verbose line (and remembered), any other failure a warning; null then.
    /// </summary>
    private protected PermissionCatalogue? CatalogueIfReadable(string whatIsSkipped)
    {
        var client = ResolveClient();
        if (PermissionCatalogueCache.Cached(client) is { } cached) return cached;
        if (_catalogueUnreadable) return null;
        _catalogueUnreadable = true; // until it is read below
        if (PermissionCatalogueCache.IsForbidden(client))
        {
            WriteVerbose($"Partoo refused this connection's key to read its permission catalogue (GET /permissions answered 403 earlier): {whatIsSkipped}");
            return null;
        }
        try
        {
            var catalogue = ReadCatalogue();
            _catalogueUnreadable = false;
            return catalogue;
        }
        catch (PartooApiException ex) when (ex.StatusCode == 403)
        {
            WriteVerbose($"Partoo refused to list the organisation's permissions (GET /permissions answered 403; the key's user may not read it): {whatIsSkipped}");
            return null;
        }
        catch (PartooApiException ex)
        {
            WriteWarning($"The organisation's permission catalogue could not be read ({ex.Message.TrimEnd('.')}): {whatIsSkipped}");
            return null;
        }
    }

    /// <summary>Reads GET /permissions now and keeps the answer (or a 403) with the connection.</summary>
    private protected PermissionCatalogue ReadCatalogue()
    {
        var client = ResolveClient();
        try
        {
            var catalogue = Run((c, ct) => c.GetPermissionsAsync(ct));
            PermissionCatalogueCache.Store(client, catalogue);
            WriteVerbose($"Read the organisation's permission catalogue: {catalogue.Count} permissions, kept with the connection.");
            return catalogue;
        }
        catch (PartooApiException ex) when (ex.StatusCode == 403)
        {
            PermissionCatalogueCache.StoreForbidden(client);
            throw;
        }
    }

    /// <summary>
    /// Checks the permission list a create or update will send against the organisation's catalogue
    /// (see PermissionCheck): throws PartooCmdletException (…InvalidPermission) for a name the
    /// organisation lacks, writes warnings for missing dependencies and roles. Nothing to check when
    /// the body sends no restricted list; form-only when the catalogue cannot be read.
    /// </summary>
    private protected void CheckPermissions(ApiKeyChanges body, ApiKey? key)
    {
        if (!body.HasPermissions || !body.RestrictsPermissions || body.Permissions is not { Count: > 0 } sent) return;
        if (CatalogueIfReadable("permission names are checked for their form only.") is not { } catalogue) return;
        foreach (var warning in PermissionCheck.Check(catalogue, sent, key, ParameterOf)) WriteWarning(warning);
        if (key is null && PermissionCheck.RoleBound(catalogue, sent) is { Count: > 0 } bound)
            WriteVerbose($"Not checked: whether the caller's role may hold {string.Join(", ", bound)} (disabled for some roles): the new key belongs to the connected key's user, whose role PartooKeys does not read.");
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
