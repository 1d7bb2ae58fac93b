using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using PartooKeys.Errors;

namespace PartooKeys.Validation;

/// <summary>
/// The checks of permission names against the organisation's catalogue, before anything is sent.
/// Pure: the catalogue, the list about to be sent and the key (null for a new key) in; warnings
/// out, or a PartooCmdletException (InvalidPermission) for a name the organisation does not have.
/// Only names new to the key are refused, so a retired name the key already holds can still be
/// removed or kept.
/// </summary>
internal static class PermissionCheck
{
    /// <param name="sent">The permission list the request will carry.</param>
    /// <param name="key">The key being changed, as read; null for New-PartooApiKey (its user is the caller's).</param>
    /// <param name="parameterOf">Which parameter a name came from, for messages (e.g. "AddPermission").</param>
    public static IReadOnlyList<string> Check(PermissionCatalogue catalogue, IReadOnlyList<string> sent, ApiKey? key, Func<string, string> parameterOf)
    {
        var had = new HashSet<string>(key?.Permissions ?? Array.Empty<string>(), StringComparer.Ordinal);
        var added = sent.Where(name => !had.Contains(name)).Distinct(StringComparer.Ordinal).ToList();

        var unknown = added.Where(name => !catalogue.Contains(name)).ToList();
        if (unknown.Count > 0) throw Unknown(catalogue, unknown, parameterOf);

        var warnings = new List<string>();
        var subject = key is null ? "The new key" : $"API key {key.Id} '{key.Label}'";
        foreach (var (permission, missing) in catalogue.MissingDependencies(sent))
        {
            if (key is not null && !added.Contains(permission, StringComparer.Ordinal) && !had.Contains(missing)) continue; // an old gap: the audit's business
            var fix = key is null
                ? $"add {missing} to -Permission"
                : $"run Set-PartooApiKey -Id {key.Id.ToString(CultureInfo.InvariantCulture)} -AddPermission {missing}";
            var cause = key is not null && had.Contains(missing) ? $"which this change takes away" : "which is not granted";
            warnings.Add($"{subject}: {permission} depends on {missing}, {cause}; {permission} takes no effect without it. To grant it, {fix}.");
        }
        if (key is not null && !string.IsNullOrEmpty(key.UserRole))
        {
            foreach (var name in added)
                if (catalogue.Find(name) is { } permission && permission.IsDisabledFor(key.UserRole))
                    warnings.Add($"{subject}: {name} is disabled for the role {key.UserRole} of the key's user ({permission.Location}): Partoo may refuse it, or the key will not be able to use it.");
        }
        return warnings;
    }

    /// <summary>The names among <paramref name="added"/> disabled for some role: New cannot tell (the new key's user is the caller).</summary>
    public static IReadOnlyList<string> RoleBound(PermissionCatalogue catalogue, IEnumerable<string> added) =>
        added.Where(name => catalogue.Find(name) is { DisabledForRoles.Length: > 0 }).ToList();

    private static PartooCmdletException Unknown(PermissionCatalogue catalogue, IReadOnlyList<string> unknown, Func<string, string> parameterOf)
    {
        var parts = unknown.Select(name =>
        {
            var suggestions = catalogue.Suggest(name);
            var hint = suggestions.Count == 0 ? string.Empty : " (did you mean " + string.Join(" or ", suggestions) + "?)";
            return $"-{parameterOf(name)} '{name}'{hint}";
        });
        var noun = unknown.Count == 1 ? "is not a permission" : "are not permissions";
        return new PartooCmdletException(ErrorReason.InvalidPermission,
            $"{string.Join(", ", parts)} {noun} this organisation has (Partoo's GET /permissions lists {catalogue.Count}): nothing was sent.",
            "Correct the name: Get-PartooPermission lists the organisation's permissions, and Tab after the parameter completes them.",
            unknown.Count == 1 ? unknown[0] : unknown.ToArray());
    }
}
