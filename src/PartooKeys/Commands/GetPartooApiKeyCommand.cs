using System.Collections.Generic;
using System.Linq;
using System;
using System.Management.Automation;
using PartooKeys.Errors;
using PartooKeys.Paging;
using PartooKeys.Validation;

namespace PartooKeys.Commands;

/// <summary>Lists Partoo API keys (filtered, every page, as each page arrives), or reads keys by id.</summary>
[Cmdlet(VerbsCommon.Get, "PartooApiKey", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(ApiKey))]
public sealed class GetPartooApiKeyCommand : PartooCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "Id";
    private const string KeyValueSet = "KeyValue";
    private const string ProgressActivity = "Listing Partoo API keys";
    private const int ProgressId = 1;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ApiKeyIdCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>A key's secret (e.g. a leaked one): finds the key it belongs to. Redacted in every message.</summary>
    [Parameter(Mandatory = true, ParameterSetName = KeyValueSet)]
    [ValidateNotNull]
    public System.Security.SecureString? KeyValue { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public ApiKeyStatusFilter? Status { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public ApiKeyUserType? Type { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? SearchText { get; set; }

    [Parameter]
    public SwitchParameter IncludeAllPermissions { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, ApiKeyPager.MaxPageSize)]
    public int PageSize { get; set; } = ApiKeyPager.MaxPageSize;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == IdSet) ReadById();
        else List();
    }

    private void ReadById()
    {
        foreach (var id in Id)
        {
            try { WriteKey(ReadKey(ApiKeyInput.Id(id), IncludeAllPermissions)); }
            catch (PartooCmdletException ex) { WriteError(ex); }
            catch (PartooApiException ex) { WriteError(ex, id, $"API key {id}"); }
        }
    }

    private void List()
    {
        var query = new ApiKeyQuery { Status = Status, Type = Type, SearchText = SearchText, KeyValue = KeyValue, IncludeAllPermissions = IncludeAllPermissions };
        var skip = (long)Math.Min(PagingParameters.Skip, long.MaxValue);
        var first = (long)Math.Min(PagingParameters.First, long.MaxValue);
        var written = 0L;
        var totalWritten = false;
        // -KeyValue: search_text also matches labels and parts of secrets, so the keys are held until the
        // listing ends and written only if exactly one matched (a pipe to Revoke must never revoke more).
        var matches = KeyValue is null ? null : new List<ApiKey>();

        try
        {
            ReadListing(query, PageSize, (pager, keys) =>
            {
                if (PagingParameters.IncludeTotalCount && !totalWritten && pager.TotalCount is int total)
                {
                    WriteObject(PagingParameters.NewTotalCount((ulong)total, 1.0));
                    totalWritten = true;
                }
                if (matches is not null) matches.AddRange(keys);
                else foreach (var key in keys) WriteKey(key);
                written += keys.Count;
                ReportProgress(pager, written, skip, first);
            }, skip, first, forceFirstRequest: PagingParameters.IncludeTotalCount);
        }
        finally
        {
            WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        if (matches is { Count: > 1 })
        {
            var ids = matches.Select(k => k.Id).ToArray();
            ThrowTerminating(new PartooCmdletException(ErrorReason.AmbiguousKeyValue,
                $"The -KeyValue value matches {ids.Length} keys ({string.Join(", ", ids)}): it is part of several keys or of a label, so no key was written.",
                target: ids));
        }
        if (matches is { Count: 1 }) WriteKey(matches[0]);
    }

    private void ReportProgress(ApiKeyPager pager, long written, long skip, long first)
    {
        var expected = pager.TotalCount is int total ? Math.Min(Math.Max(0, total - skip), first) : 0;
        var status = pager.PageCount is int pages
            ? $"Page {pager.PageNumberHandedOut} of {pages}: {written} of {expected} keys"
            : $"Page {pager.PageNumberHandedOut}: {written} keys";
        WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, status)
        {
            PercentComplete = expected > 0 ? (int)Math.Min(100, written * 100 / expected) : 100,
        });
    }
}
