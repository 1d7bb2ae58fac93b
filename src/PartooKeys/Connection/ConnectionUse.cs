using System;
using System.Threading;

namespace PartooKeys.Connection;

/// <summary>
/// One command's use of a connection's client (see <see cref="PartooConnection.TryUse"/>): while it
/// lasts the client is not disposed, and <see cref="Closing"/> is cancelled when the connection is
/// closed under it (Disconnect-Partoo in any runspace).
/// </summary>
internal sealed class ConnectionUse : IDisposable
{
    private int _ended;

    internal ConnectionUse(PartooConnection connection, PartooClient client, CancellationToken closing)
    {
        Connection = connection;
        Client = client;
        Closing = closing;
    }

    public PartooConnection Connection { get; }
    public PartooClient Client { get; }
    public CancellationToken Closing { get; }

    /// <summary>Whether the connection was closed while this use lasted.</summary>
    public bool ClosedUnderIt => Closing.IsCancellationRequested;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0) Connection.EndUse();
    }
}
