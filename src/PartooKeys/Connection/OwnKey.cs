using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Paging;

namespace PartooKeys.Connection;

/// <summary>
/// Which key a connection uses, as only the server can tell: GET /api_keys?search_text=&lt;the key&gt;
/// (search_text also matches the secret string). The client redacts search_text everywhere it shows a request.
/// </summary>
internal static class OwnKey
{
    /// <summary>The ids of the keys whose secret (or label) matches the connection's key; usually exactly one.</summary>
    public static async Task<IReadOnlyCollection<int>> FindAsync(PartooClient client, CancellationToken cancellationToken)
    {
        var query = new ApiKeyQuery { KeyValue = client.Options.ApiKey, IncludeAllPermissions = true };
        using var pager = new ApiKeyPager(client, query, ApiKeyPager.MaxPageSize);
        var ids = new HashSet<int>();
        while (await pager.NextAsync(cancellationToken).ConfigureAwait(false) is { } keys)
            ids.UnionWith(keys.Select(k => k.Id));
        return ids;
    }
}
