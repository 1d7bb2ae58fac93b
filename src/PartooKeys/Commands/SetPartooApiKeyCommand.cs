using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PartooKeys.Completion;
using PartooKeys.Errors;
using PartooKeys.Validation;

namespace PartooKeys.Commands;

/// <summary>Changes Partoo API keys: sends only the fields asked for; Add/Remove merge with the key's full stored lists.</summary>
[Cmdlet(VerbsCommon.Set, "PartooApiKey", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ApiKey))]
public sealed class SetPartooApiKeyCommand : PartooCmdlet
{
    private const string IdSet = "Id";
    private const string InputObjectSet = "InputObject";

    private string? _label;
    private DateTime? _expirationDate;
    private IReadOnlyList<string> _ipWhitelist = Array.Empty<string>(), _addIps = Array.Empty<string>(), _removeIps = Array.Empty<string>();
    private IReadOnlyList<string> _permissions = Array.Empty<string>(), _addPermissions = Array.Empty<string>(), _removePermissions = Array.Empty<string>();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ApiKeyIdCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public ApiKey? InputObject { get; set; }

    [Parameter]
    [AllowEmptyString]
    public string? Label { get; set; }

    [Parameter]
    [AllowEmptyString]
    public string? Description { get; set; }

    [Parameter]
    public DateTime ExpirationDate { get; set; }

    [Parameter]
    public SwitchParameter NoExpiration { get; set; }

    [Parameter]
    [AllowEmptyCollection]
    public string[]? IpWhitelist { get; set; }

    [Parameter]
    public string[]? AddIpWhitelist { get; set; }

    [Parameter]
    public string[]? RemoveIpWhitelist { get; set; }

    [Parameter]
    [AllowEmptyCollection]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[]? Permission { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[]? AddPermission { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[]? RemovePermission { get; set; }

    [Parameter]
    public SwitchParameter Unrestricted { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Warnings about the input being planned, written in its place in the output.</summary>
    private readonly List<string> _planWarnings = new();

    private bool MergesIps => IsGiven(nameof(AddIpWhitelist)) || IsGiven(nameof(RemoveIpWhitelist));
    private bool MergesPermissions => IsGiven(nameof(AddPermission)) || IsGiven(nameof(RemovePermission));

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        try { CheckParameters(); }
        catch (PartooCmdletException ex) { ThrowTerminating(ex); }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet) Change(InputObject!.Id, InputObject);
        else foreach (var id in Id) Change(id, null);
    }

    private void CheckParameters()
    {
        ApiKeyInput.NotTogether(nameof(ExpirationDate), IsGiven(nameof(ExpirationDate)), nameof(NoExpiration), NoExpiration,
            "one sets an expiration date, the other removes it.");
        foreach (var merge in new[] { nameof(AddIpWhitelist), nameof(RemoveIpWhitelist) })
            ApiKeyInput.NotTogether(nameof(IpWhitelist), IsGiven(nameof(IpWhitelist)), merge, IsGiven(merge),
                "-IpWhitelist replaces the whole list.");
        foreach (var other in new[] { nameof(AddPermission), nameof(RemovePermission), nameof(Unrestricted) })
            ApiKeyInput.NotTogether(nameof(Permission), IsGiven(nameof(Permission)), other, IsGiven(other),
                "-Permission replaces the whole list and restricts the key to it.");
        foreach (var merge in new[] { nameof(AddPermission), nameof(RemovePermission) })
            ApiKeyInput.NotTogether(nameof(Unrestricted), Unrestricted, merge, IsGiven(merge),
                "-Unrestricted gives the key every permission of its user, so there is no list to change.");

        if (IsGiven(nameof(Label))) _label = ApiKeyInput.Label(Label);
        if (IsGiven(nameof(ExpirationDate))) _expirationDate = ApiKeyInput.ExpirationDate(ExpirationDate);
        if (IsGiven(nameof(IpWhitelist))) _ipWhitelist = ApiKeyInput.IpEntries(IpWhitelist);
        if (IsGiven(nameof(AddIpWhitelist))) _addIps = ApiKeyInput.IpEntries(AddIpWhitelist, nameof(AddIpWhitelist));
        if (IsGiven(nameof(RemoveIpWhitelist))) _removeIps = ApiKeyInput.IpEntries(RemoveIpWhitelist, nameof(RemoveIpWhitelist));
        if (IsGiven(nameof(Permission))) _permissions = ApiKeyInput.PermissionNames(Permission);
        if (IsGiven(nameof(AddPermission))) _addPermissions = ApiKeyInput.PermissionNames(AddPermission, nameof(AddPermission));
        if (IsGiven(nameof(RemovePermission))) _removePermissions = ApiKeyInput.PermissionNames(RemovePermission, nameof(RemovePermission));
        ApiKeyInput.NotBothAddedAndRemoved(nameof(AddIpWhitelist), _addIps, nameof(RemoveIpWhitelist), _removeIps, ApiKeyInput.Canonical);
        ApiKeyInput.NotBothAddedAndRemoved(nameof(AddPermission), _addPermissions, nameof(RemovePermission), _removePermissions, name => name);

        var asked = new[] { nameof(Label), nameof(Description), nameof(ExpirationDate), nameof(NoExpiration), nameof(IpWhitelist), nameof(AddIpWhitelist),
            nameof(RemoveIpWhitelist), nameof(Permission), nameof(AddPermission), nameof(RemovePermission), nameof(Unrestricted) };
        if (!asked.Any(IsGiven))
            throw new PartooCmdletException("NoChange", ErrorCategory.InvalidArgument,
                "Set-PartooApiKey was not asked to change anything, so nothing was sent.",
                "Name at least one change: -Label, -Description, -ExpirationDate, -NoExpiration, -IpWhitelist, -AddIpWhitelist, -RemoveIpWhitelist, -Permission, -AddPermission, -RemovePermission or -Unrestricted.");
    }

    private void Change(int id, ApiKey? given)
    {
        try { ApiKeyInput.Id(id); }
        catch (PartooCmdletException ex) { InOrder(null, () => WriteError(ex)); return; }

        ApiKey key;
        try { key = given is not null && (!MergesIps && !MergesPermissions || FreshEnough(given)) ? RecordForCompletion(given) : ReadKey(id, includeAllPermissions: MergesPermissions); }
        catch (PartooApiException ex) { InOrder(null, () => WriteError(ex, id, $"API key {id}")); return; }

        _planWarnings.Clear();
        var (body, changes) = Plan(key);
        var warnings = _planWarnings.ToList();
        try { CheckPermissions(body, key); } // against the organisation's catalogue
        catch (PartooCmdletException ex) { InOrder(key, () => WriteError(ex)); return; }
        if (body.IsEmpty)
        {
            InOrder(key, () =>
            {
                foreach (var warning in warnings) WriteWarning(warning);
                WriteVerbose($"{Describe(key)} is already as asked; nothing was sent.");
                if (PassThru) WriteKey(key);
            });
            return;
        }
        if (!ShouldProcess(Describe(key), ChangeText.Join(changes))) return;

        QueueWrite(key, (client, ct) => client.UpdateApiKeyAsync(id, body, ct),
            _ =>
            {
                foreach (var warning in warnings) WriteWarning(warning);
                if (body.HasIpWhitelist && body.IpWhitelist!.Count == 0 && key.IpWhitelist.Length > 0)
                    WriteWarning($"{Describe(key)} has no IP whitelist any more: it can be used from any address.");
                if (!PassThru) return;
                try { WriteKey(ReadKey(id, includeAllPermissions: true)); }
                catch (PartooApiException ex) { WriteError(ex, key, Describe(key)); }
            },
            ex => WriteError(ex, key, Describe(key)));
    }

    /// <summary>
    /// A piped key a merge may start from without reading it again: read by PartooKeys within ApiKey.FreshFor
    /// (5 minutes), its lists not replaced since, and for -AddPermission/-RemovePermission read with
    /// -IncludeAllPermissions (a cut-down list written back would drop permissions).
    /// </summary>
    private bool FreshEnough(ApiKey key) =>
        MergesPermissions ? key.IsFreshFullRead(ApiKey.FreshFor) : key.WasReadWithin(ApiKey.FreshFor);

    /// <summary>The body to send for this key and the changes in words; Add/Remove are merged with what the key has.</summary>
    private (ApiKeyChanges Body, List<string> Changes) Plan(ApiKey key)
    {
        var body = new ApiKeyChanges();
        var changes = new List<string>();
        if (_label is not null)
        {
            body.Label = _label;
            changes.Add($"set label to '{_label}'");
        }
        if (IsGiven(nameof(Description)))
        {
            body.Description = Description ?? string.Empty;
            changes.Add(body.Description.Length == 0 ? "clear the description" : $"set description to '{body.Description}'");
        }
        if (_expirationDate is DateTime date)
        {
            body.ExpirationDate = date;
            changes.Add("set expiration date to " + ChangeText.Day(date));
        }
        if (NoExpiration)
        {
            body.ExpirationDate = null;
            changes.Add("remove the expiration date");
        }
        if (IsGiven(nameof(IpWhitelist)))
        {
            body.IpWhitelist = _ipWhitelist;
            changes.Add(_ipWhitelist.Count == 0 ? "lift the IP restriction (empty IP whitelist)" : "set IP whitelist to " + ChangeText.Names(_ipWhitelist));
        }
        else if (MergesIps) MergeIps(key, body, changes);
        if (IsGiven(nameof(Permission)))
        {
            body.Restrict(_permissions);
            changes.Add("restrict permissions to " + ChangeText.Names(_permissions));
        }
        else if (Unrestricted)
        {
            body.Unrestrict();
            changes.Add("give the key every permission of its user (unrestricted)");
        }
        else if (MergesPermissions) MergePermissions(key, body, changes);
        return (body, changes);
    }

    private void MergeIps(ApiKey key, ApiKeyChanges body, List<string> changes)
    {
        var current = key.IpWhitelist.ToList();
        bool On(string entry) => current.Any(c => ApiKeyInput.Canonical(c) == ApiKeyInput.Canonical(entry));
        var added = _addIps.Where(ip => !On(ip)).ToList();
        var removed = current.Where(c => _removeIps.Any(r => ApiKeyInput.Canonical(r) == ApiKeyInput.Canonical(c))).ToList();
        ReportUnchanged(key, _addIps.Except(added), "already lists", _removeIps.Where(ip => !On(ip)), "does not list", "IP whitelist entries");
        if (added.Count == 0 && removed.Count == 0) return;

        body.IpWhitelist = current.Except(removed).Concat(added).ToList();
        if (added.Count > 0) changes.Add("add IP whitelist entries " + ChangeText.Names(added));
        if (removed.Count > 0)
            changes.Add("remove IP whitelist entries " + ChangeText.Names(removed) + (body.IpWhitelist.Count == 0 ? " (the list becomes empty: no IP restriction)" : string.Empty));
    }

    private void MergePermissions(ApiKey key, ApiKeyChanges body, List<string> changes)
    {
        if (!key.HasRestrictedPermissions)
        {
            // An unrestricted key has its user's permissions, not a list of its own to merge with.
            _planWarnings.Add($"{Describe(key)} is unrestricted: it has every permission of its user, so -AddPermission and -RemovePermission change nothing. To restrict it, pass the full list with -Permission.");
            return;
        }
        var current = key.Permissions.ToList();
        var added = _addPermissions.Where(p => !current.Contains(p, StringComparer.Ordinal)).ToList();
        var removed = current.Where(p => _removePermissions.Contains(p, StringComparer.Ordinal)).ToList();
        ReportUnchanged(key, _addPermissions.Except(added), "already has", _removePermissions.Except(current, StringComparer.Ordinal), "does not have", "permissions");
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

}
