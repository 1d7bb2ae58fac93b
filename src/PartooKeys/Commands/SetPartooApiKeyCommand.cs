using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PartooKeys.Changes;
using PartooKeys.Completion;
using PartooKeys.Errors;
using PartooKeys.Validation;

namespace PartooKeys.Commands;

/// <summary>
/// Changes Partoo API keys: sends only the fields asked for; Add/Remove merge with the key's full stored lists.
/// Two ways in, in one parameter set: ApiKey objects (InputObject: the changes come from the command
/// line only, never from the key's own properties), or ids with the changes read per input object by
/// property name (Import-Csv rows, audit findings). A CSV row cannot become an ApiKey (its constructor
/// is not public), so rows always take the second way. Each input is checked and planned (prompts on the pipeline thread), then sent.
/// </summary>
[Cmdlet(VerbsCommon.Set, "PartooApiKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ApiKey))]
public sealed class SetPartooApiKeyCommand : PartooCmdlet
{

    /// <summary>The fields -Clear can empty (a CSV cannot say "empty" with an empty cell).</summary>
    internal static readonly string[] ClearableFields = { nameof(Description), nameof(ExpirationDate), nameof(IpWhitelist) };

    private GivenParameters _given = null!;
    private readonly Confirmation _confirmation;
    private readonly WriteQueue _writes;

    public SetPartooApiKeyCommand()
    {
        _confirmation = new Confirmation(this);
        _writes = new WriteQueue(this, "Changing API keys");
    }

    private static readonly string[] ChangeParameters = { nameof(Label), nameof(Description), nameof(ExpirationDate), nameof(NoExpiration),
        nameof(IpWhitelist), nameof(AddIpWhitelist), nameof(RemoveIpWhitelist), nameof(Permission), nameof(AddPermission),
        nameof(RemovePermission), nameof(Clear), nameof(Unrestricted) };

    /// <summary>Ids from the command line, piped ints, or the Id property of piped objects (CSV rows, audit findings).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ApiKeyIdCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Keys from Get-PartooApiKey: their own properties are never taken as changes.</summary>
    [Parameter(ValueFromPipeline = true)]
    public ApiKey? InputObject { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString, AllowNull]
    public string? Label { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString, AllowNull]
    public string? Description { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [DateText]
    public DateTime? ExpirationDate { get; set; }

    [Parameter]
    public SwitchParameter NoExpiration { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyCollection, AllowNull, SplitList]
    public string[]? IpWhitelist { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyCollection, AllowNull, SplitList]
    public string[]? AddIpWhitelist { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyCollection, AllowNull, SplitList]
    public string[]? RemoveIpWhitelist { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Permissions")]
    [AllowEmptyCollection, AllowNull, SplitList]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[]? Permission { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyCollection, AllowNull, SplitList]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[]? AddPermission { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyCollection, AllowNull, SplitList]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[]? RemovePermission { get; set; }

    /// <summary>Empties fields: Description (clears it), ExpirationDate (as -NoExpiration), IpWhitelist (as -IpWhitelist @()).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyCollection, AllowNull, SplitList]
    [ArgumentCompleter(typeof(ClearCompleter))]
    public string[]? Clear { get; set; }

    [Parameter]
    public SwitchParameter Unrestricted { get; set; }

    /// <summary>Widens a key's access (-Unrestricted, an emptied IP whitelist) without asking first.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Begin()
    {
        _given = new GivenParameters(this);
        // What the command line asks is the same for every input: check it once, before anything is read or sent.
        try
        {
            var request = ReadRequest();
            if (!MyInvocation.ExpectingInput && request.IsEmpty) throw NoChange(null);
        }
        catch (PartooCmdletException ex) { ThrowTerminating(ex); }
    }

    protected override void ProcessRecord()
    {
        ChangeRequest request;
        var keyPiped = InputObject is not null;
        _given.CommandLineOnly = keyPiped; // a piped key's Label, Permissions... are what it is, not what to change
        var fromInput = !keyPiped && _given.FromInput(ChangeParameters);
        try
        {
            request = ReadRequest();
            if (request.IsEmpty)
            {
                // Nothing asked on the command line nor by this input's properties: the same for every input, so stop.
                if (!fromInput) { ThrowTerminating(NoChange(null)); return; }
                throw NoChange(InputName());
            }
        }
        catch (PartooCmdletException ex)
        {
            var error = fromInput ? ex.InInput(InputName()) : ex; // names this input now: the parameters change with the next one
            _writes.InOrder(InputObject, () => WriteError(error));
            return;
        }

        if (keyPiped) Change(InputObject!.Id, InputObject, request);
        else if (Id.Length == 0)
            _writes.InOrder(null, () => WriteError(new PartooCmdletException(ErrorReason.NoId,
                fromInput ? $"The input has no Id, so Set-PartooApiKey cannot tell which key to change; nothing was sent for it." : "Set-PartooApiKey needs the keys to change.",
                "Pass -Id, pipe keys from Get-PartooApiKey, or pipe objects with an Id property (an Id column in the CSV).")));
        else foreach (var id in Id) Change(id, null, request);
    }

    /// <summary>How an error names the current input: "the input for key 1002 'CRM sync'".</summary>
    private string InputName()
    {
        var ids = InputObject is not null ? new[] { InputObject.Id } : Id;
        var label = string.IsNullOrWhiteSpace(Label) ? string.Empty : $" (label '{Label}')";
        return ids.Length == 0 ? "the input" : $"the input for key {string.Join(", ", ids)}{label}";
    }

    private PartooCmdletException NoChange(string? input) =>
        new(ErrorReason.NoChange,
            input is null ? "Set-PartooApiKey was not asked to change anything, so nothing was sent."
                : $"{char.ToUpperInvariant(input[0])}{input.Substring(1)} asks no change (every change column is empty), so nothing was sent for it.",
            "Name at least one change: -Label, -Description, -ExpirationDate, -NoExpiration, -IpWhitelist, -AddIpWhitelist, -RemoveIpWhitelist, -Permission, -AddPermission, -RemovePermission, -Clear or -Unrestricted (or fill those columns of the CSV).",
            Id.Length == 1 ? Id[0] : null);

    /// <summary>Checks the values given for the current input (command line and input properties) and returns them ready to plan.</summary>
    private ChangeRequest ReadRequest()
    {
        var clear = _given[nameof(Clear)] ? ClearFields(SplitListAttribute.Values(Clear)) : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool clears(string field) => clear.Contains(field);
        bool given(string parameter) => _given[parameter];

        ApiKeyInput.NotTogether(nameof(ExpirationDate), given(nameof(ExpirationDate)), nameof(NoExpiration), NoExpiration,
            "one sets an expiration date, the other removes it.");
        ApiKeyInput.NotTogether(nameof(ExpirationDate), given(nameof(ExpirationDate)), "Clear ExpirationDate", clears(nameof(ExpirationDate)),
            "one sets an expiration date, the other removes it.");
        ApiKeyInput.NotTogether(nameof(Description), given(nameof(Description)), "Clear Description", clears(nameof(Description)),
            "one sets the description, the other clears it.");
        foreach (var merge in new[] { nameof(AddIpWhitelist), nameof(RemoveIpWhitelist) })
        {
            ApiKeyInput.NotTogether(nameof(IpWhitelist), given(nameof(IpWhitelist)), merge, given(merge), "-IpWhitelist replaces the whole list.");
            ApiKeyInput.NotTogether("Clear IpWhitelist", clears(nameof(IpWhitelist)), merge, given(merge), "-Clear IpWhitelist empties the whole list.");
        }
        ApiKeyInput.NotTogether(nameof(IpWhitelist), given(nameof(IpWhitelist)), "Clear IpWhitelist", clears(nameof(IpWhitelist)),
            "one sets the IP whitelist, the other empties it.");
        foreach (var other in new[] { nameof(AddPermission), nameof(RemovePermission), nameof(Unrestricted) })
            ApiKeyInput.NotTogether(nameof(Permission), given(nameof(Permission)), other, given(other),
                "-Permission replaces the whole list and restricts the key to it.");
        foreach (var merge in new[] { nameof(AddPermission), nameof(RemovePermission) })
            ApiKeyInput.NotTogether(nameof(Unrestricted), Unrestricted, merge, given(merge),
                "-Unrestricted gives the key every permission of its user, so there is no list to change.");

        var request = new ChangeRequest();
        if (given(nameof(Label))) request.Label = ApiKeyInput.Label(Label);
        if (given(nameof(Description)) || clears(nameof(Description))) request.Description = clears(nameof(Description)) ? string.Empty : Description ?? string.Empty;
        if (given(nameof(ExpirationDate)))
            request.Expiration = ExpirationDate is DateTime date ? ApiKeyInput.ExpirationDate(date)
                : throw new PartooCmdletException(ErrorReason.InvalidExpirationDate,
                    "-ExpirationDate is $null.", "Pass a date from tomorrow on, or use -NoExpiration to remove the expiration date.");
        request.NoExpiration = NoExpiration || clears(nameof(ExpirationDate));
        if (given(nameof(IpWhitelist))) request.IpWhitelist = ApiKeyInput.IpEntries(SplitListAttribute.Values(IpWhitelist));
        else if (clears(nameof(IpWhitelist))) request.IpWhitelist = Array.Empty<string>();
        if (given(nameof(AddIpWhitelist))) request.AddIps = ApiKeyInput.IpEntries(SplitListAttribute.Values(AddIpWhitelist), nameof(AddIpWhitelist));
        if (given(nameof(RemoveIpWhitelist))) request.RemoveIps = ApiKeyInput.IpEntries(SplitListAttribute.Values(RemoveIpWhitelist), nameof(RemoveIpWhitelist));
        if (given(nameof(Permission))) request.Permissions = ApiKeyInput.PermissionNames(SplitListAttribute.Values(Permission), nameof(Permission));
        if (given(nameof(AddPermission))) request.AddPermissions = ApiKeyInput.PermissionNames(SplitListAttribute.Values(AddPermission), nameof(AddPermission));
        if (given(nameof(RemovePermission))) request.RemovePermissions = ApiKeyInput.PermissionNames(SplitListAttribute.Values(RemovePermission), nameof(RemovePermission));
        request.Unrestricted = Unrestricted;
        ApiKeyInput.NotBothAddedAndRemoved(nameof(AddIpWhitelist), request.AddIps ?? Array.Empty<string>(), nameof(RemoveIpWhitelist), request.RemoveIps ?? Array.Empty<string>(), ApiKeyInput.Canonical);
        ApiKeyInput.NotBothAddedAndRemoved(nameof(AddPermission), request.AddPermissions ?? Array.Empty<string>(), nameof(RemovePermission), request.RemovePermissions ?? Array.Empty<string>(), name => name);
        return request;
    }

    /// <summary>The one place Set checks permission names (a catalogue check belongs here too).</summary>
    private static HashSet<string> ClearFields(string?[]? fields)
    {
        var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields ?? Array.Empty<string>())
        {
            var known = ClearableFields.FirstOrDefault(f => string.Equals(f, field, StringComparison.OrdinalIgnoreCase))
                ?? throw new PartooCmdletException(ErrorReason.InvalidClear,
                    $"-Clear '{field}' is not a field that can be cleared: the fields are {string.Join(", ", ClearableFields)}.",
                    "Pass e.g. -Clear Description, ExpirationDate (in a CSV: a Clear column with Description;ExpirationDate).", field);
            result.Add(known);
        }
        return result;
    }

    private void Change(int id, ApiKey? given, ChangeRequest request)
    {
        if (PlanChange(id, given, request) is { } plan) Send(plan);
    }

    /// <summary>Reads the key if needed, plans the change (ChangePlanner), and asks (on the pipeline thread); null when there is nothing to send.</summary>
    private ChangePlan? PlanChange(int id, ApiKey? given, ChangeRequest request)
    {
        var startFrom = given is not null && (!request.MergesIps && !request.MergesPermissions || FreshEnough(given, request)) ? given : null;
        if (_writes.KeyToChange(id, startFrom, includeAllPermissions: request.MergesPermissions || PassThru) is not ApiKey key) return null;

        var plan = ChangePlanner.Plan(key, request, keyIsCurrent: key.WasReadWithin(ApiKey.FreshFor), permissionsAreComplete: key.IsFreshFullRead(ApiKey.FreshFor));
        IReadOnlyList<string> catalogueWarnings;
        try { catalogueWarnings = plan.Body is null ? Array.Empty<string>() : CheckPermissions(plan.Body, key); } // against the organisation's catalogue
        catch (PartooCmdletException ex) { _writes.InOrder(key, () => WriteError(ex.About(Describe(key)))); return null; } // names the key: one of many ids or CSV rows
        if (catalogueWarnings.Count > 0) _writes.InOrder(key, () => { foreach (var warning in catalogueWarnings) WriteWarning(warning); }); // in the key's place, -WhatIf too
        if (plan.Body is null)
        {
            _writes.InOrder(key, () =>
            {
                foreach (var warning in plan.Warnings) WriteWarning(warning);
                foreach (var note in plan.Notes) WriteVerbose(note);
                if (PassThru) WriteKey(key);
            });
            return null;
        }
        foreach (var note in plan.Notes) WriteVerbose(note);
        if (!_confirmation.Approve(plan.Target, plan.Action, plan.Question, "Widen an API key's access", Force,
                ex => _writes.InOrder(key, () => WriteError(new PartooCmdletException(ErrorReason.NotConfirmed,
                    $"{plan.Target}: the host cannot ask whether to {string.Join(" and ", plan.Widening)}; nothing was sent.",
                    "Run the command again with -Force (or -Confirm:$false) to widen the key's access without asking; -WhatIf shows the change.", key, ex)))))
            return null;
        return plan;
    }

    /// <summary>Queues the PUT (up to MaxConcurrency in flight); its result or error is written in input order.</summary>
    private void Send(ChangePlan plan)
    {
        var key = plan.Key;
        var body = plan.Body!;
        _writes.Queue(key, (client, ct) => client.UpdateApiKeyAsync(key.Id, body, ct),
            answer =>
            {
                foreach (var warning in plan.Warnings) WriteWarning(warning);
                if (plan.LiftsIpRestriction)
                    WriteWarning($"{Describe(key)} has no IP whitelist any more: it can be used from any address.");
                if (PassThru) WriteKey(AsChanged(key, body, answer));
            },
            ex => WriteError(ex, key, Describe(key)));
    }

    /// <summary>
    /// A piped key a merge may start from without reading it again: read by PartooKeys within ApiKey.FreshFor
    /// (5 minutes), its lists not replaced since, and for -AddPermission/-RemovePermission read with
    /// -IncludeAllPermissions (a cut-down list written back would drop permissions).
    /// </summary>
    private static bool FreshEnough(ApiKey key, ChangeRequest request) =>
        request.MergesPermissions ? key.IsFreshFullRead(ApiKey.FreshFor) : key.WasReadWithin(ApiKey.FreshFor);

    /// <summary>
    /// -PassThru without a second request: the PUT answer. Its permission list may be cut down
    /// (include_all_permissions=false), so the full list is taken from what was sent (a restricted
    /// list) or from the key read before when that was complete and permissions were not changed;
    /// otherwise PermissionsAreComplete stays false. Fields the answer leaves out are what was sent, or kept from the key.
    /// </summary>
    private static ApiKey AsChanged(ApiKey before, ApiKeyChanges body, ApiKey answer)
    {
        if (body.HasPermissions && body.RestrictsPermissions)
        {
            answer.Permissions = new ValueList(body.Permissions!);
            answer.PermissionsAreComplete = true;
        }
        else if (!body.HasPermissions && before.PermissionsAreComplete && before.HasRestrictedPermissions == answer.HasRestrictedPermissions)
        {
            answer.Permissions = before.Permissions;
            answer.PermissionsAreComplete = true;
        }
        // Partoo's documented update answer has no description: keep what was sent, else what the key had.
        answer.Description ??= body.HasDescription ? body.Description : before.Description;
        answer.Label ??= body.HasLabel ? body.Label : before.Label;
        answer.UserType ??= before.UserType;
        return answer;
    }

    /// <summary>Completes -Clear with the fields it can empty.</summary>
    private sealed class ClearCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters) =>
            ClearableFields.Where(f => f.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
                .Select(f => new CompletionResult(f, f, CompletionResultType.ParameterValue, f));
    }
}
