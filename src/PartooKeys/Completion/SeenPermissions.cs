using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using PartooKeys.Validation;

namespace PartooKeys.Completion;

/// <summary>The permission names seen on keys read in each runspace, for tab completion (and, through SeenKeys, the keys themselves).</summary>
internal static class SeenPermissions
{
    private static readonly ConditionalWeakTable<Runspace, HashSet<string>> Seen = new();

    public static void Record(ApiKey key)
    {
        if (CompletionSource.CurrentClient is { } client) SeenKeys.Record(client, key); // ids for -Id completion
        if (Runspace.DefaultRunspace is not Runspace runspace || key.Permissions.Length == 0) return;
        var names = Seen.GetValue(runspace, _ => new HashSet<string>(StringComparer.Ordinal));
        lock (names)
        {
            foreach (var name in key.Permissions)
                if (!names.Contains(name) && ApiKeyInput.IsPermissionName(name)) names.Add(name); // a listing repeats the same names: check the set first
        }
    }

    public static IReadOnlyList<string> InCurrentRunspace()
    {
        if (Runspace.DefaultRunspace is not Runspace runspace || !Seen.TryGetValue(runspace, out var names)) return Array.Empty<string>();
        lock (names) return names.ToList();
    }
}
