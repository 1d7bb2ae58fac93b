using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace PartooKeys;

/// <summary>
/// The organisation's permissions (GET /permissions), flattened in Partoo's order, with the
/// look-ups the checks and audit rules need. Immutable, so one instance is shared by every runspace.
/// </summary>
public sealed class PermissionCatalogue
{
    private readonly Dictionary<string, PartooPermission> _byName;

    public PermissionCatalogue(IEnumerable<PartooPermission> permissions)
    {
        if (permissions is null) throw new ArgumentNullException(nameof(permissions));
        Permissions = permissions.ToList();
        _byName = new Dictionary<string, PartooPermission>(StringComparer.Ordinal);
        foreach (var permission in Permissions)
            if (!_byName.ContainsKey(permission.Name)) _byName.Add(permission.Name, permission);
    }

    /// <summary>Every permission, sections and subsections in Partoo's order.</summary>
    public IReadOnlyList<PartooPermission> Permissions { get; }

    public int Count => Permissions.Count;

    public bool Contains(string name) => name is not null && _byName.ContainsKey(name);

    public PartooPermission? Find(string name) => name is not null && _byName.TryGetValue(name, out var p) ? p : null;

    /// <summary>
    /// The closest real names to a name the catalogue lacks: edit distance (with swapped letters
    /// counting as one edit) of at most a third of the name (at least 2), only those at the smallest
    /// distance found, in name order; at most <paramref name="max"/>. Case is ignored.
    /// </summary>
    public IReadOnlyList<string> Suggest(string name, int max = 3)
    {
        if (string.IsNullOrEmpty(name)) return Array.Empty<string>();
        var lower = name.ToLowerInvariant();
        var limit = Math.Max(2, lower.Length / 3);
        var close = _byName.Keys
            .Select(candidate => (candidate, distance: Distance(lower, candidate.ToLowerInvariant())))
            .Where(c => c.distance <= limit)
            .ToList();
        if (close.Count == 0) return Array.Empty<string>();
        var best = close.Min(c => c.distance);
        return close.Where(c => c.distance == best) // only the closest: review_reed suggests review_read, not review_reply too
            .OrderBy(c => c.candidate, StringComparer.Ordinal)
            .Take(max)
            .Select(c => c.candidate)
            .ToList();
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }

    /// <summary>
    /// The permissions in <paramref name="granted"/> whose depends_on is not granted too, as
    /// (permission, missing dependency) pairs in the order of <paramref name="granted"/>. Names the
    /// catalogue lacks are skipped.
    /// </summary>
    public IReadOnlyList<(string Permission, string Missing)> MissingDependencies(IEnumerable<string> granted)
    {
        var list = granted.ToList();
        var set = new HashSet<string>(list, StringComparer.Ordinal);
        var missing = new List<(string, string)>();
        foreach (var name in list.Distinct(StringComparer.Ordinal))
            if (Find(name)?.DependsOn is { Length: > 0 } dependency && !set.Contains(dependency))
                missing.Add((name, dependency));
        return missing;
    }

    /// <summary>Reads Partoo's answer; a JsonException when it is not the documented shape.</summary>
    internal static PermissionCatalogue FromAnswer(PermissionCatalogueAnswer answer)
    {
        if (answer.Sections is null) throw new JsonException("The answer has no 'sections' list.");
        var permissions = new List<PartooPermission>();
        foreach (var section in answer.Sections)
        {
            if (section is null) throw new JsonException("A section in the answer is null.");
            foreach (var subsection in section.Subsections ?? new List<PermissionSubsectionJson?>())
            {
                if (subsection is null) throw new JsonException($"A subsection of section '{section.Name}' is null.");
                foreach (var permission in subsection.Permissions ?? new List<PermissionJson?>())
                {
                    if (permission is null || string.IsNullOrWhiteSpace(permission.Name))
                        throw new JsonException($"A permission in section '{section.Name}' has no 'name'.");
                    permissions.Add(new PartooPermission(
                        permission.Name!.Trim(), section.Name ?? string.Empty, subsection.Name ?? string.Empty, permission.Feature,
                        string.IsNullOrWhiteSpace(permission.DependsOn) ? null : permission.DependsOn!.Trim(),
                        (permission.DisabledForRoles ?? new List<string?>()).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r!).ToArray(),
                        AsInt(permission.Order), AsInt(section.Order), AsInt(subsection.Order)));
                }
            }
        }
        return new PermissionCatalogue(permissions);
    }

    private static int? AsInt(double? value) => value is double d && !double.IsNaN(d) && Math.Abs(d) < int.MaxValue ? (int)Math.Round(d) : null;
}
