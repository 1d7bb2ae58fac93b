using System;
using System.Collections.Generic;

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

    /// <summary>The ids of the key this connection uses, once asked (see OwnKey); null until then.</summary>
    public IReadOnlyCollection<int>? OwnKeyIds { get; set; }

    public void Dispose() => Client.Dispose();
}
