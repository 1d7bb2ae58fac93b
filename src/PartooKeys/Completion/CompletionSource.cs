using System;
using System.Collections;
using System.Management.Automation;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Connection;
using PartooKeys.Paging;
using PartooKeys.Validation;

namespace PartooKeys.Completion;

/// <summary>
/// What completers may ask Partoo, kept quick: only on a connection that already exists (never
/// made from PARTOO_* variables for a Tab), answered from the connection's caches, and when
/// nothing is cached, one request given at most <see cref="Budget"/> (no answer in time: the
/// fallback, and the next Tab tries again).
/// </summary>
internal static class CompletionSource
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    /// <summary>The client of the runspace's default connection, or null when not connected.</summary>
    public static PartooClient? CurrentClient => ConnectionStore.Current?.Client;

    /// <summary>The client of the -Connection already on the command line (when PowerShell could evaluate it), else the default one.</summary>
    public static PartooClient? ClientFor(IDictionary? fakeBoundParameters)
    {
        var given = fakeBoundParameters is not null && fakeBoundParameters.Contains("Connection") ? fakeBoundParameters["Connection"] : null;
        if (given is PSObject wrapped) given = wrapped.BaseObject;
        return given is PartooConnection connection ? connection.Client : CurrentClient;
    }

    /// <summary>The connection's permission catalogue: cached, else read within the budget; null on 403, failure or no connection.</summary>
    public static PermissionCatalogue? Catalogue(PartooClient? client)
    {
        if (client is null) return null;
        if (PermissionCatalogueCache.Cached(client) is { } cached) return cached;
        if (PermissionCatalogueCache.IsForbidden(client)) return null;
        var catalogue = Quickly(ct => client.GetPermissionsAsync(ct), ex =>
        {
            if (ex is PartooApiException { StatusCode: 403 }) PermissionCatalogueCache.StoreForbidden(client);
        });
        if (catalogue is not null) PermissionCatalogueCache.Store(client, catalogue);
        return catalogue;
    }

    /// <summary>The keys seen on the connection lately; when none, the first page of the listing, read within the budget.</summary>
    public static IReadOnlyList<SeenKeys.Seen> Keys(PartooClient? client)
    {
        if (client is null) return Array.Empty<SeenKeys.Seen>();
        var seen = SeenKeys.Recent(client);
        if (seen.Count > 0) return seen;
        var page = Quickly<IReadOnlyList<ApiKey>>(async ct =>
        {
            using var pager = new ApiKeyPager(client, new ApiKeyQuery(), ApiKeyPager.MaxPageSize, 0, ApiKeyPager.MaxPageSize);
            return await pager.NextAsync(ct).ConfigureAwait(false) ?? Array.Empty<ApiKey>();
        }, _ => { });
        if (page is null) return Array.Empty<SeenKeys.Seen>();
        foreach (var key in page) SeenKeys.Record(client, key);
        return SeenKeys.Recent(client);
    }

    private static T? Quickly<T>(Func<CancellationToken, Task<T>> read, Action<Exception> onFailure) where T : class
    {
        var budget = new CancellationTokenSource(); // not disposed: the request may still be winding down
        try
        {
            var task = Task.Run(() => read(budget.Token));
            if (task.Wait(Budget)) return task.Result;
            budget.Cancel();
            return null;
        }
        catch (AggregateException ex)
        {
            onFailure(ex.GetBaseException());
            return null;
        }
    }
}
