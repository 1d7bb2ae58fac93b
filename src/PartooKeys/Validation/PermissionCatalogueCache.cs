using System.Runtime.CompilerServices;

namespace PartooKeys.Validation;

/// <summary>
/// The organisation's permission catalogue, read once per connection (client) and kept with it:
/// the checks of New/Set, Get-PartooPermission, the audit rules and completion all share it.
/// Thread-safe: a connection may be used from several runspaces at once. A 403 is remembered too,
/// so that a key whose user may not read GET /permissions is not asked again on every command.
/// </summary>
internal static class PermissionCatalogueCache
{
    private static readonly ConditionalWeakTable<PartooClient, Entry> Entries = new();

    private sealed class Entry
    {
        public volatile PermissionCatalogue? Catalogue;
        public volatile bool Forbidden;
    }

    /// <summary>The catalogue read on this connection, or null when it was not read (yet).</summary>
    public static PermissionCatalogue? Cached(PartooClient client) =>
        Entries.TryGetValue(client, out var entry) ? entry.Catalogue : null;

    /// <summary>Whether Partoo answered 403 to GET /permissions on this connection.</summary>
    public static bool IsForbidden(PartooClient client) =>
        Entries.TryGetValue(client, out var entry) && entry.Forbidden;

    public static void Store(PartooClient client, PermissionCatalogue catalogue)
    {
        var entry = Entries.GetValue(client, _ => new Entry());
        entry.Catalogue = catalogue;
        entry.Forbidden = false;
    }

    public static void StoreForbidden(PartooClient client)
    {
        var entry = Entries.GetValue(client, _ => new Entry());
        entry.Catalogue = null;
        entry.Forbidden = true;
    }
}
