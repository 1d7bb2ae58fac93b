using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using PartooKeys.Validation;

namespace PartooKeys.Completion;

/// <summary>
/// What one connection has seen, for tab completion of its own organisation only: the keys listed
/// or read through it in the last <see cref="KeyLifetime"/> (ids with their labels; short-lived on
/// purpose, keys come and go) and the permission names on them. Thread-safe: a connection may be
/// used from several runspaces at once.
/// </summary>
internal sealed class SeenThroughConnection
{
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromMinutes(5);

    internal sealed class SeenKey
    {
        public SeenKey(int id, string label, bool revoked, DateTime seenAtUtc) { Id = id; Label = label; Revoked = revoked; SeenAtUtc = seenAtUtc; }
        public int Id { get; }
        public string Label { get; }
        public bool Revoked { get; }
        public DateTime SeenAtUtc { get; }
    }

    private readonly ConcurrentDictionary<int, SeenKey> _keys = new();
    private readonly HashSet<string> _permissionNames = new(StringComparer.Ordinal);

    /// <summary>Remembers the key (its id and label) and the permission names it holds.</summary>
    public void Record(ApiKey key)
    {
        _keys[key.Id] = new SeenKey(key.Id, key.Label ?? string.Empty, key.Disabled, DateTime.UtcNow);
        if (key.Permissions.Length == 0) return;
        lock (_permissionNames)
        {
            foreach (var name in key.Permissions)
                if (!_permissionNames.Contains(name) && ApiKeyInput.IsPermissionName(name)) _permissionNames.Add(name); // a listing repeats the same names: check the set first
        }
    }

    /// <summary>The keys seen within the lifetime, by id; older ones are forgotten.</summary>
    public IReadOnlyList<SeenKey> RecentKeys()
    {
        var oldest = DateTime.UtcNow - KeyLifetime;
        foreach (var old in _keys.Values.Where(k => k.SeenAtUtc < oldest).ToList()) _keys.TryRemove(old.Id, out _);
        return _keys.Values.OrderBy(k => k.Id).ToList();
    }

    /// <summary>The permission names seen on keys read through this connection.</summary>
    public IReadOnlyList<string> PermissionNames()
    {
        lock (_permissionNames) return _permissionNames.ToList();
    }
}
