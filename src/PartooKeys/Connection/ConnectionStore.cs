using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace PartooKeys.Connection;

/// <summary>The connection of each runspace: two runspaces never share one.</summary>
internal static class ConnectionStore
{
    private static readonly ConditionalWeakTable<Runspace, Holder> Connections = new();

    private sealed class Holder
    {
        public PartooConnection? Connection;
    }

    public static PartooConnection? Current =>
        Runspace.DefaultRunspace is Runspace runspace && Connections.TryGetValue(runspace, out var holder) ? holder.Connection : null;

    public static void Set(PartooConnection connection)
    {
        var holder = Connections.GetValue(Runspace.DefaultRunspace, _ => new Holder());
        var previous = holder.Connection;
        holder.Connection = connection;
        if (!ReferenceEquals(previous, connection)) previous?.Dispose();
    }

    /// <summary>Forgets the runspace's connection; false when there was none.</summary>
    public static bool Clear()
    {
        if (Runspace.DefaultRunspace is not Runspace runspace || !Connections.TryGetValue(runspace, out var holder) || holder.Connection is null)
            return false;
        holder.Connection.Dispose();
        holder.Connection = null;
        return true;
    }
}
