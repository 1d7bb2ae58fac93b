using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
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

    public SetPartooApiKeyCommand() => _confirmation = new Confirmation(this);

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

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
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
            InOrder(InputObject, () => WriteError(error));
            return;
        }

        if (keyPiped) Change(InputObject!.Id, InputObject, request);
        else if (Id.Length == 0)
            InOrder(null, () => WriteError(new PartooCmdletException(ErrorReason.NoId,
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

    /// <summary>Reads the key if needed, works out the body, and asks (on the pipeline thread); null when there is nothing to send.</summary>
    private ChangePlan? PlanChange(int id, ApiKey? given, ChangeRequest request)
    {
        var startFrom = given is not null && (!request.MergesIps && !request.MergesPermissions || FreshEnough(given, request)) ? given : null;
        if (KeyToChange(id, startFrom, includeAllPermissions: request.MergesPermissions || PassThru) is not ApiKey key) return null;

        _planWarnings.Clear();
        var (body, changes, widening) = Plan(key, request);
        var warnings = _planWarnings.ToList();
        IReadOnlyList<string> catalogueWarnings;
        try { catalogueWarnings = CheckPermissions(body, key); } // against the organisation's catalogue
        catch (PartooCmdletException ex) { InOrder(key, () => WriteError(ex)); return null; }
        if (catalogueWarnings.Count > 0) InOrder(key, () => { foreach (var warning in catalogueWarnings) WriteWarning(warning); }); // in the key's place, -WhatIf too
        if (body.IsEmpty)
        {
            InOrder(key, () =>
            {
                foreach (var warning in warnings) WriteWarning(warning);
                WriteVerbose($"{Describe(key)} is already as asked; nothing was sent.");
                if (PassThru) WriteKey(key);
            });
            return null;
        }
        var question = widening.Count == 0 ? null
            : $"{Describe(key)}: this will {string.Join(" and ", widening)}. Widen its access?";
        if (!_confirmation.Approve(Describe(key), ChangeText.Join(changes), question, "Widen an API key's access", Force,
                ex => InOrder(key, () => WriteError(new PartooCmdletException(ErrorReason.NotConfirmed,
                    $"{Describe(key)}: the host cannot ask whether to {string.Join(" and ", widening)}; nothing was sent.",
                    "Run the command again with -Force (or -Confirm:$false) to widen the key's access without asking; -WhatIf shows the change.", key, ex)))))
            return null;
        return new ChangePlan(key, body, warnings);
    }

    /// <summary>Queues the PUT (up to MaxConcurrency in flight); its result or error is written in input order.</summary>
    private void Send(ChangePlan plan)
    {
        var key = plan.Key;
        QueueWrite(key, (client, ct) => client.UpdateApiKeyAsync(key.Id, plan.Body, ct),
            answer =>
            {
                foreach (var warning in plan.Warnings) WriteWarning(warning);
                if (LiftsIpRestriction(key, plan.Body))
                    WriteWarning($"{Describe(key)} has no IP whitelist any more: it can be used from any address.");
                if (PassThru) WriteKey(AsChanged(key, plan.Body, answer));
            },
            ex => WriteError(ex, key, Describe(key)));
    }

    /// <summary>
    /// A piped key a merge may start from without reading it again: read by PartooKeys within ApiKey.FreshFor
    /// (5 minutes), its lists not replaced since, and for -AddPermission/-RemovePermission read with
    /// -IncludeAllPermissions (a cut-down list written back would drop permissions).
    /// </summary>
    /// <summary>Whether the change empties the IP whitelist of a key that had one: it can then be used from any address.</summary>
    private static bool LiftsIpRestriction(ApiKey key, ApiKeyChanges body) =>
        body.HasIpWhitelist && body.IpWhitelist!.Count == 0 && key.IpWhitelist.Count > 0;

    private static bool FreshEnough(ApiKey key, ChangeRequest request) =>
        request.MergesPermissions ? key.IsFreshFullRead(ApiKey.FreshFor) : key.WasReadWithin(ApiKey.FreshFor);

    /// <summary>Warnings about the input being planned, written in its place in the output.</summary>
    private readonly List<string> _planWarnings = new();

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

    /// <summary>The body to send for this key, the changes in words, and how it widens the key's access; Add/Remove are merged with what the key has.</summary>
    private (ApiKeyChanges Body, List<string> Changes, List<string> Widening) Plan(ApiKey key, ChangeRequest request)
    {
        var body = new ApiKeyChanges();
        var changes = new List<string>();
        var widening = new List<string>();
        if (request.Label is not null)
        {
            if (string.Equals(request.Label, key.Label, StringComparison.Ordinal)) WriteVerbose($"{Describe(key)} already has the label '{key.Label}'.");
            else
            {
                body.Label = request.Label;
                changes.Add($"set label to '{request.Label}'");
            }
        }
        if (request.Description is not null)
        {
            body.Description = request.Description;
            changes.Add(body.Description.Length == 0 ? "clear the description" : $"set description to '{body.Description}'");
        }
        if (request.Expiration is DateTime date)
        {
            body.ExpirationDate = date;
            changes.Add("set expiration date to " + ChangeText.Day(date));
        }
        if (request.NoExpiration)
        {
            body.ExpirationDate = null;
            changes.Add("remove the expiration date");
        }
        if (request.IpWhitelist is not null)
        {
            body.IpWhitelist = request.IpWhitelist;
            changes.Add(request.IpWhitelist.Count == 0 ? "lift the IP restriction (empty IP whitelist)" : "set IP whitelist to " + ChangeText.Names(request.IpWhitelist));
        }
        else if (request.MergesIps) MergeIps(key, request, body, changes);
        if (LiftsIpRestriction(key, body))
            widening.Add("lift its IP restriction (it could be used from any address)");
        if (request.Permissions is not null)
        {
            body.Restrict(request.Permissions);
            changes.Add("restrict permissions to " + ChangeText.Names(request.Permissions));
        }
        else if (request.Unrestricted)
        {
            body.Unrestrict();
            changes.Add("give the key every permission of its user (unrestricted)");
            if (key.HasRestrictedPermissions) widening.Add("give it every permission of its user (unrestricted)");
        }
        else if (request.MergesPermissions) MergePermissions(key, request, body, changes);
        return (body, changes, widening);
    }

    private void MergeIps(ApiKey key, ChangeRequest request, ApiKeyChanges body, List<string> changes)
    {
        var current = key.IpWhitelist.ToList();
        var addIps = request.AddIps ?? Array.Empty<string>();
        var removeIps = request.RemoveIps ?? Array.Empty<string>();
        bool On(string entry) => current.Any(c => ApiKeyInput.Canonical(c) == ApiKeyInput.Canonical(entry));
        var added = addIps.Where(ip => !On(ip)).ToList();
        var removed = current.Where(c => removeIps.Any(r => ApiKeyInput.Canonical(r) == ApiKeyInput.Canonical(c))).ToList();
        ReportUnchanged(key, addIps.Except(added), "already lists", removeIps.Where(ip => !On(ip)), "does not list", "IP whitelist entries");
        if (added.Count == 0 && removed.Count == 0) return;

        body.IpWhitelist = current.Except(removed).Concat(added).ToList();
        if (added.Count > 0) changes.Add("add IP whitelist entries " + ChangeText.Names(added));
        if (removed.Count > 0)
            changes.Add("remove IP whitelist entries " + ChangeText.Names(removed) + (body.IpWhitelist.Count == 0 ? " (the list becomes empty: no IP restriction)" : string.Empty));
    }

    private void MergePermissions(ApiKey key, ChangeRequest request, ApiKeyChanges body, List<string> changes)
    {
        if (!key.HasRestrictedPermissions)
        {
            // An unrestricted key has its user's permissions, not a list of its own to merge with.
            _planWarnings.Add($"{Describe(key)} is unrestricted: it has every permission of its user, so -AddPermission and -RemovePermission change nothing. To restrict it, pass the full list with -Permission.");
            return;
        }
        var addPermissions = request.AddPermissions ?? Array.Empty<string>();
        var removePermissions = request.RemovePermissions ?? Array.Empty<string>();
        var current = key.Permissions.ToList();
        var added = addPermissions.Where(p => !current.Contains(p, StringComparer.Ordinal)).ToList();
        var removed = current.Where(p => removePermissions.Contains(p, StringComparer.Ordinal)).ToList();
        ReportUnchanged(key, addPermissions.Except(added), "already has", removePermissions.Except(current, StringComparer.Ordinal), "does not have", "permissions");
        if (added.Count == 0 && removed.Count == 0) return;

        body.Restrict(current.Except(removed, StringComparer.Ordinal).Concat(added).ToList());
        if (added.Count > 0) changes.Add("add permissions " + ChangeText.Names(added));
        if (removed.Count > 0) changes.Add("remove permissions " + ChangeText.Names(removed));
    }

    private void ReportUnchanged(ApiKey key, IEnumerable<string> present, string presentText, IEnumerable<string> absent, string absentText, string what)
    {
        var already = present.ToList();
        var missing = absent.ToList();
        if (already.Count > 0) WriteVerbose($"{Describe(key)} {presentText} the {what} {ChangeText.Names(already)}.");
        if (missing.Count > 0) WriteVerbose($"{Describe(key)} {absentText} the {what} {ChangeText.Names(missing)}.");
    }

    /// <summary>What one input asks, checked; null lists are "not asked".</summary>
    private sealed class ChangeRequest
    {
        public string? Label, Description;
        public DateTime? Expiration;
        public bool NoExpiration, Unrestricted;
        public IReadOnlyList<string>? IpWhitelist, AddIps, RemoveIps, Permissions, AddPermissions, RemovePermissions;

        public bool MergesIps => AddIps is not null || RemoveIps is not null;
        public bool MergesPermissions => AddPermissions is not null || RemovePermissions is not null;

        public bool IsEmpty => Label is null && Description is null && Expiration is null && !NoExpiration && !Unrestricted
            && IpWhitelist is null && !MergesIps && Permissions is null && !MergesPermissions;
    }

    private sealed class ChangePlan
    {
        public ChangePlan(ApiKey key, ApiKeyChanges body, IReadOnlyList<string> warnings) { Key = key; Body = body; Warnings = warnings; }
        public ApiKey Key { get; }
        public ApiKeyChanges Body { get; }
        public IReadOnlyList<string> Warnings { get; }
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
