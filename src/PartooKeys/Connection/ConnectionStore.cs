using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace PartooKeys.Connection;

/// <summary>The default connection of each runspace: a Connect-Partoo in one runspace never changes another's.</summary>
internal static class ConnectionStore
{
    private static readonly ConditionalWeakTable<Runspace, Holder> Connections = new();

    private sealed class Holder
    {
        public PartooConnection? Connection;
    }

    public static PartooConnection? Current =>
        Runspace.DefaultRunspace is Runspace runspace && Connections.TryGetValue(runspace, out var holder) ? holder.Connection : null;

    /// <summary>Makes the connection the runspace's default; the previous one is closed unless the user holds it.</summary>
    public static void Set(PartooConnection connection)
    {
        var holder = Connections.GetValue(Runspace.DefaultRunspace, _ => new Holder());
        var previous = holder.Connection;
        holder.Connection = connection;
        if (previous is not null && !ReferenceEquals(previous, connection) && !previous.HandedOut) previous.Close();
    }

    /// <summary>Forgets the runspace's default if it is this connection (or any, when null); false when there was none.</summary>
    public static bool Forget(PartooConnection? connection = null)
    {
        if (Runspace.DefaultRunspace is not Runspace runspace || !Connections.TryGetValue(runspace, out var holder) || holder.Connection is null)
            return false;
        if (connection is not null && !ReferenceEquals(holder.Connection, connection)) return false;
        holder.Connection = null;
        return true;
    }
}
