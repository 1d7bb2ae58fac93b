using System;
using System.Collections.Generic;
using PartooKeys.Paging;

namespace PartooKeys.Commands;

/// <summary>Reading keys for a command: listings through the pager, one key by id, and recording names for completion.</summary>
public abstract partial class PartooCmdlet
{
    /// <summary>
    /// Reads a listing through the pager (pages fetched ahead, handed out in Partoo's order), giving
    /// each page's keys to <paramref name="onPage"/> as it arrives. A failed request ends the command
    /// (after <paramref name="onFailure"/>); what the pager noticed about the listing is written as warnings.
    /// </summary>
    private protected void ReadListing(ApiKeyQuery query, int pageSize, Action<ApiKeyPager, IReadOnlyList<ApiKey>> onPage,
        long skip = 0, long first = long.MaxValue, bool forceFirstRequest = false, Action? onFailure = null)
    {
        var client = ResolveClient();
        using var pager = new ApiKeyPager(client, query, pageSize, skip, first, client.Options.Settings.MaxConcurrency);
        try
        {
            while (Run((_, ct) => pager.NextAsync(ct, forceFirstRequest)) is { } keys)
            {
                onPage(pager, keys);
                WriteUnreadable(pager.Unreadable);
            }
        }
        catch (PartooApiException ex)
        {
            onFailure?.Invoke();
            ThrowTerminating(ex, null);
        }
        foreach (var warning in pager.Warnings) WriteWarning(warning);
    }

    private HashSet<string>? _unreadableReported;

    /// <summary>Each key of a listing that cannot be read, as one non-terminating error (once per command, however often it is listed).</summary>
    private void WriteUnreadable(IReadOnlyList<UnreadableApiKey> unreadable)
    {
        foreach (var key in unreadable)
            if ((_unreadableReported ??= new HashSet<string>()).Add(key.Id?.ToString() ?? key.ToString()))
                WriteError(Errors.ErrorRecords.From(key, VerbNoun));
    }

    /// <summary>Reads one key (and remembers its permission names for completion).</summary>
    private protected ApiKey ReadKey(int id, bool includeAllPermissions) =>
        RecordForCompletion(Run((client, ct) => client.GetApiKeyAsync(id, includeAllPermissions, ct)));

    /// <summary>Records the key (its id, label and permission names) on this command's connection for tab completion; returns the key.</summary>
    private protected ApiKey RecordForCompletion(ApiKey key)
    {
        ResolveConnection().Seen.Record(key);
        return key;
    }

    /// <summary>Writes a key to the pipeline; its permission names become completions.</summary>
    private protected void WriteKey(ApiKey key) => WriteObject(RecordForCompletion(key));
}
