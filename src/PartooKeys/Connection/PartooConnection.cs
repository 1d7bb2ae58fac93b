using System;

namespace PartooKeys.Connection;

/// <summary>A live connection: the client (which owns the HttpClient and the key) and what Get-PartooConnection shows.</summary>
internal sealed class PartooConnection : IDisposable
{
    public PartooConnection(PartooClient client, PartooConnectionInfo info)
    {
        Client = client;
        Info = info;
    }

    public PartooClient Client { get; }
    public PartooConnectionInfo Info { get; }

    public void Dispose() => Client.Dispose();
}
