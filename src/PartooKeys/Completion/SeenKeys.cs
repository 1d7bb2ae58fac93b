using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace PartooKeys.Completion;

/// <summary>
/// The keys each connection listed or read in the last <see cref="Lifetime"/>, for -Id completion
/// (ids with their labels). Short-lived on purpose: keys come and go.
/// </summary>
internal static class SeenKeys
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    internal sealed class Seen
    {
        public Seen(int id, string label, bool revoked, DateTime seenAtUtc) { Id = id; Label = label; Revoked = revoked; SeenAtUtc = seenAtUtc; }
        public int Id { get; }
        public string Label { get; }
        public bool Revoked { get; }
        public DateTime SeenAtUtc { get; }
    }

    private static readonly ConditionalWeakTable<PartooClient, ConcurrentDictionary<int, Seen>> Keys = new();

    public static void Record(PartooClient client, ApiKey key) =>
        Keys.GetValue(client, _ => new ConcurrentDictionary<int, Seen>())[key.Id] = new Seen(key.Id, key.Label ?? string.Empty, key.Disabled, DateTime.UtcNow);

    /// <summary>The keys seen within the lifetime, by id; older ones are forgotten.</summary>
    public static IReadOnlyList<Seen> Recent(PartooClient client)
    {
        if (!Keys.TryGetValue(client, out var keys)) return Array.Empty<Seen>();
        var oldest = DateTime.UtcNow - Lifetime;
        foreach (var old in keys.Values.Where(k => k.SeenAtUtc < oldest).ToList()) keys.TryRemove(old.Id, out _);
        return keys.Values.OrderBy(k => k.Id).ToList();
    }
}
