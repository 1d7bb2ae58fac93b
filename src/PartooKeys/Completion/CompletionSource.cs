using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Connection;
using PartooKeys.Paging;

namespace PartooKeys.Completion;

/// <summary>
/// What completers may ask Partoo, kept quick and to the organisation the command line reaches:
/// only on a connection that already exists (never made from PARTOO_* variables for a Tab),
/// answered from what that connection keeps, and when it keeps nothing, one request given at most
/// <see cref="Budget"/> (no answer in time: the fallback, and the next Tab tries again).
/// </summary>
internal static class CompletionSource
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The connection the command line will use: its -Connection when PowerShell could evaluate it
    /// (a variable, e.g. -Connection $a), else the runspace's default. Null when not connected, when the
    /// connection is closed, or when -Connection is there but its value is not known yet (e.g.
    /// -Connection (Get-PartooConnection)): then nothing is offered rather than another organisation's values.
    /// </summary>
    public static PartooConnection? ConnectionFor(CommandAst? commandAst, IDictionary? fakeBoundParameters)
    {
        var given = fakeBoundParameters is not null && fakeBoundParameters.Contains("Connection") ? fakeBoundParameters["Connection"] : null;
        if (given is PSObject wrapped) given = wrapped.BaseObject;
        var connection = given as PartooConnection ?? (NamesConnection(commandAst) ? null : ConnectionStore.Current);
        return connection is { IsConnected: true } ? connection : null;
    }

    /// <summary>The connection's permission catalogue for completion (see PermissionCatalogueReader.ForCompletion).</summary>
    public static PermissionCatalogue? Catalogue(PartooConnection? connection) =>
        connection?.Catalogue.ForCompletion(request => Quickly(connection, request));

    /// <summary>The keys seen on the connection lately; when none, the first page of the listing, read within the budget.</summary>
    public static IReadOnlyList<SeenThroughConnection.SeenKey> Keys(PartooConnection? connection)
    {
        if (connection is null) return Array.Empty<SeenThroughConnection.SeenKey>();
        var seen = connection.Seen.RecentKeys();
        if (seen.Count > 0) return seen;
        IReadOnlyList<ApiKey>? page;
        try
        {
            page = Quickly<IReadOnlyList<ApiKey>>(connection, async (client, ct) =>
            {
                using var pager = new ApiKeyPager(client, new ApiKeyQuery(), ApiKeyPager.MaxPageSize, 0, ApiKeyPager.MaxPageSize);
                return await pager.NextAsync(ct).ConfigureAwait(false) ?? Array.Empty<ApiKey>();
            });
        }
        catch (Exception) { page = null; } // nothing to offer; the next Tab tries again
        if (page is null) return Array.Empty<SeenThroughConnection.SeenKey>();
        foreach (var key in page) connection.Seen.Record(key);
        return connection.Seen.RecentKeys();
    }

    /// <summary>Whether the command line has a -Connection argument (its name, or a prefix of it PowerShell would bind).</summary>
    private static bool NamesConnection(CommandAst? commandAst) =>
        commandAst is not null && commandAst.CommandElements.OfType<CommandParameterAst>().Any(p =>
            p.ParameterName.Length >= 4 && "Connection".StartsWith(p.ParameterName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Runs one read on the connection within the budget: its answer, or null when none came in time
    /// (the read is cancelled). A failure is thrown. The connection stays usable by the read until it ends.
    /// </summary>
    private static T? Quickly<T>(PartooConnection connection, Func<PartooClient, CancellationToken, Task<T>> read) where T : class
    {
        if (connection.TryUse() is not { } use) return null;
        var budget = CancellationTokenSource.CreateLinkedTokenSource(use.Closing);
        var task = Task.Run(() => read(use.Client, budget.Token));
        task.ContinueWith(_ =>
        {
            use.Dispose();
            budget.Dispose();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            if (task.Wait(Budget)) return task.Result;
            try { budget.Cancel(); }
            catch (ObjectDisposedException) { } // it ended just now
            return null;
        }
        catch (AggregateException ex)
        {
            ExceptionDispatchInfo.Capture(ex.GetBaseException()).Throw();
            throw;
        }
    }
}
