using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PartooKeys.Completion;
using PartooKeys.Connection;
using PartooKeys.Changes;
using PartooKeys.Errors;
using PartooKeys.Validation;

namespace PartooKeys.Commands;

/// <summary>Creates a Partoo API key; its secret, when Partoo sends it, only as a SecureString or straight into a vault.</summary>
[Cmdlet(VerbsCommon.New, "PartooApiKey", DefaultParameterSetName = OutputSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ApiKey))]
public sealed class NewPartooApiKeyCommand : PartooCmdlet
{
    // Output/Vault: values from parameters or, by property name, from each input object (Import-Csv rows).
    // CopyOutput/CopyVault: an ApiKey piped in is copied (label, description, IP whitelist, full permission list).
    private const string OutputSet = "Output";
    private const string VaultSet = "Vault";
    private const string CopyOutputSet = "CopyOutput";
    private const string CopyVaultSet = "CopyVault";

    private GivenParameters _given = null!;
    private readonly Dictionary<string, string> _secretNamesUsed = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The key to copy.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CopyOutputSet, ValueFromPipeline = true)]
    [Parameter(Mandatory = true, ParameterSetName = CopyVaultSet, ValueFromPipeline = true)]
    public ApiKey? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = OutputSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = VaultSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Position = 0, ParameterSetName = CopyOutputSet)]
    [Parameter(Position = 0, ParameterSetName = CopyVaultSet)]
    [AllowEmptyString]
    public string Label { get; set; } = string.Empty;

    [Parameter(ParameterSetName = OutputSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = VaultSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = CopyOutputSet)]
    [Parameter(ParameterSetName = CopyVaultSet)]
    [AllowEmptyString, AllowNull]
    public string? Description { get; set; }

    [Parameter(ParameterSetName = OutputSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = VaultSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = CopyOutputSet)]
    [Parameter(ParameterSetName = CopyVaultSet)]
    [DateText]
    public DateTime? ExpirationDate { get; set; }

    [Parameter(ParameterSetName = OutputSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = VaultSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = CopyOutputSet)]
    [Parameter(ParameterSetName = CopyVaultSet)]
    [AllowEmptyCollection, AllowNull, SplitList]
    public string[]? IpWhitelist { get; set; }

    [Parameter(ParameterSetName = OutputSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = VaultSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = CopyOutputSet)]
    [Parameter(ParameterSetName = CopyVaultSet)]
    [Alias("Permissions")]
    [AllowEmptyCollection, AllowNull, SplitList]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[]? Permission { get; set; }

    /// <summary>
    /// Read from CSV rows only (a column Export-Csv writes): "False" means the exported key was unrestricted,
    /// so its Permissions cell (its user's permissions) is not taken as a restriction.
    /// </summary>
    [Parameter(ParameterSetName = OutputSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
    [Parameter(ParameterSetName = VaultSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
    [AllowEmptyString, AllowNull]
    public string? HasRestrictedPermissions { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = VaultSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = CopyVaultSet)]
    [AllowEmptyString]
    public string? SecretName { get; set; }

    [Parameter(ParameterSetName = VaultSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = CopyVaultSet)]
    [AllowEmptyString, AllowNull]
    public string? Vault { get; set; }

    private bool Copies => InputObject is not null;

    protected override void Begin()
    {
        _given = new GivenParameters(this);
    }

    protected override void ProcessRecord()
    {
        ApiKeyChanges body;
        string details;
        try
        {
            var source = Copies ? CopySource(InputObject!) : null;
            if (Copies && source is null) return;
            (body, details) = Body(source);
            foreach (var warning in CheckPermissions(body, null)) WriteWarning(warning); // against the organisation's catalogue
            if (SecretName is not null) SecretVault.CheckCanStore(SecretName, Vault);
            if (SecretName is not null && _secretNamesUsed.TryGetValue(SecretName, out var used))
                throw new PartooCmdletException(ErrorReason.SecretNameUsedTwice,
                    $"-SecretName '{SecretName}' already holds the secret of the key '{used}' created by this command: a second key would overwrite it.",
                    target: SecretName);
        }
        catch (PartooCmdletException ex)
        {
            // A bad input object (a CSV row) is skipped and named; a bad command line stops the command.
            if (MyInvocation.ExpectingInput) WriteError(ex.InInput(InputName()));
            else ThrowTerminating(ex);
            return;
        }

        if (!ShouldProcess($"new API key '{body.Label}'", details)) return;

        if (SecretName is not null) _secretNamesUsed[SecretName] = body.Label!;
        ApiKey key;
        var sent = DateTimeOffset.UtcNow;
        try { key = Run((client, ct) => client.CreateApiKeyAsync(body, ct), settle: KeepSecret); } // never repeated: a POST may have created the key
        catch (PartooApiException ex) when (ex.OutcomeUnknown) { ThrowTerminating(AnswerLost(ex, body.Label!, sent)); return; }
        catch (PartooApiException ex) { ThrowTerminating(ex, body.Label, $"New API key '{body.Label}'"); return; }

        if (key.Secret is null)
        {
            WriteVerbose($"Partoo's answer for {Describe(key)} did not carry the new key's secret (no api_key field): read it in the Partoo app.");
            WriteKey(key);
            if (SecretName is not null)
                WriteWarning($"Nothing was stored as '{SecretName}' in {Where}: Partoo's answer for {Describe(key)} did not carry the new key's secret. Read it in the Partoo app and store it with Set-Secret, or revoke the key.");
            return;
        }

        if (SecretName is null)
        {
            WriteVerbose($"The secret of {Describe(key)} is in the Secret property of the key written (a SecureString); it cannot be read again later.");
            WriteKey(key);
            return;
        }

        try
        {
            StoreSecret(key, SecretName);
            WriteVerbose($"Stored the secret of {Describe(key)} as '{SecretName}' in {Where}.");
            key.Secret = null; // it lives in the vault now
            WriteKey(key);
        }
        catch (PartooCmdletException ex)
        {
            WriteKey(key);
            WriteError(ex);
        }
    }

    /// <summary>The command is stopping, but the key was created: its secret goes where it was asked to, before the stop goes on.</summary>
    private void KeepSecret(ApiKey key)
    {
        if (key.Secret is null) return;
        if (SecretName is not null)
        {
            StoreSecret(key, SecretName);
            WriteWarningWhileStopping($"New-PartooApiKey was stopped after Partoo created {Describe(key)}; its secret is stored as '{SecretName}' in {Where}.");
            return;
        }
        try { WriteKey(key); }
        catch (PipelineStoppedException)
        {
            WriteWarningWhileStopping($"New-PartooApiKey was stopped after Partoo created {Describe(key)}: the key and its secret were not written, and PartooKeys cannot read the secret again. Read it in the Partoo app, or revoke the key with Revoke-PartooApiKey -Id {key.Id}.");
            throw;
        }
    }

    /// <summary>
    /// Stores the new key's secret in the vault. A Ctrl+C stops the vault call under way, not the key Partoo made: the
    /// store is made once more (a call started after the stop reached the vault is not stopped again), then the stop
    /// goes on, with a warning that says where the secret is or what to do.
    /// </summary>
    private void StoreSecret(ApiKey key, string secretName)
    {
        try
        {
            SecretVault.Store(secretName, Vault, key.Secret!, key);
            return;
        }
        catch (PipelineStoppedException) { }
        try { SecretVault.Store(secretName, Vault, key.Secret!, key); }
        catch (Exception ex) when (ex is PipelineStoppedException or PartooCmdletException)
        {
            var vault = Vault is null ? "" : $" -Vault {Vault}";
            WriteWarningWhileStopping($"New-PartooApiKey was stopped while it stored the secret of {Describe(key)} as '{secretName}' in {Where}: the key exists in Partoo, but its secret may not have been stored. "
                + $"Check with Get-SecretInfo -Name {secretName}{vault}. If it is not there, PartooKeys cannot read the secret again: read it in the Partoo app and store it with Set-Secret -Name {secretName}{vault}, or revoke the key with Revoke-PartooApiKey -Id {key.Id}.");
            throw new PipelineStoppedException();
        }
        WriteWarningWhileStopping($"New-PartooApiKey was stopped while it stored the secret of {Describe(key)}; the secret is now stored as '{secretName}' in {Where}.");
        throw new PipelineStoppedException();
    }

    /// <summary>How long before the create was sent a key found may have been made: a clock a little ahead of Partoo's.</summary>
    private static readonly TimeSpan ClockDifference = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The create was sent but its answer was lost, so Partoo may have made the key; it is never sent again. One search
    /// for that key, and the error names what it found, or what to check.
    /// </summary>
    private PartooCmdletException AnswerLost(PartooApiException ex, string label, DateTimeOffset sent)
    {
        var notStored = SecretName is null ? string.Empty : $" Nothing was stored as '{SecretName}'.";
        IReadOnlyList<ApiKey> found;
        try { found = Run((client, ct) => client.FindKeysCreatedSinceAsync(label, sent - ClockDifference, ct)); }
        catch (PartooApiException lookup)
        {
            return new PartooCmdletException(ErrorReason.CreateOutcomeUnknown,
                $"Partoo may have created the key '{label}', but the answer to the create was lost: {ex.Message}{notStored} Looking for the key failed too: {lookup.Message}",
                $"Check with Get-PartooApiKey -SearchText {CommandText.SingleQuoted(label)} whether Partoo created it before you create it again. The secret of such a key cannot be read again: revoke it with Revoke-PartooApiKey -Id <id>, then create it again.",
                label, ex);
        }
        if (found.Count == 0)
            return new PartooCmdletException(ErrorReason.CreateOutcomeUnknown,
                $"The answer to the create of '{label}' was lost, so Partoo may or may not have created the key: {ex.Message}{notStored} A search right after found no new key '{label}'.",
                $"Check again with Get-PartooApiKey -SearchText {CommandText.SingleQuoted(label)} before you create it again: Partoo may still be making it. If it is there, its secret cannot be read again: revoke it with Revoke-PartooApiKey -Id <id>, then create it again.",
                label, ex);
        var ids = string.Join(", ", found.Select(k => k.Id));
        if (found.Count == 1)
            return new PartooCmdletException(ErrorReason.CreateOutcomeUnknown,
                $"Partoo created {Describe(found[0])}, but its answer, with the new key's secret, was lost: {ex.Message}{notStored}",
                $"The secret of key {ids} cannot be read again: revoke it with Revoke-PartooApiKey -Id {ids}, then create it again. Running New-PartooApiKey again without revoking it makes a second key.",
                label, ex);
        return new PartooCmdletException(ErrorReason.CreateOutcomeUnknown,
            $"The answer to the create of '{label}' was lost: {ex.Message}{notStored} Partoo has keys {ids} labelled '{label}' made since the create was sent; one of them is most likely this command's.",
            $"Check them with Get-PartooApiKey -Id {ids} (CreatedAt, CreatedByName). The secret of the one this command made cannot be read again: revoke it with Revoke-PartooApiKey -Id <id>, then create it again.",
            label, ex);
    }

    private string Where => Vault is null ? "the default vault" : $"the vault '{Vault}'";

    /// <summary>The key to copy, with its full permission list: read again when the piped one is not complete. Null when it could not be read.</summary>
    private ApiKey? CopySource(ApiKey key)
    {
        if (!key.HasRestrictedPermissions || key.PermissionsAreComplete) return key;
        WriteVerbose($"{Describe(key)} was read without its full permission list: reading it again with include_all_permissions=true to copy every permission.");
        try { return ReadKey(key.Id, includeAllPermissions: true); }
        catch (PartooApiException ex) { WriteError(ex, key, Describe(key)); return null; }
    }

    /// <summary>How an error names the current input: the label it would create.</summary>
    private string InputName() => Copies ? $"the copy of {Describe(InputObject!)}" : $"the input with label '{Label}'";

    /// <summary>The one place New checks permission names (a catalogue check belongs here too).</summary>

    private (ApiKeyChanges Body, string Details) Body(ApiKey? source)
    {
        var label = _given[nameof(Label)] || source is null ? Label : source.Label;
        var body = new ApiKeyChanges { Label = ApiKeyInput.Label(label) };
        var details = new List<string>();
        if (source is not null) details.Add($"a copy of {Describe(source)}");
        if (SecretName is not null)
        {
            ApiKeyInput.Name(SecretName, nameof(SecretName), ErrorReason.InvalidSecretName);
            if (Vault is not null) ApiKeyInput.Name(Vault, nameof(Vault), ErrorReason.InvalidVault);
        }
        if (_given[nameof(Description)] || !string.IsNullOrEmpty(source?.Description))
        {
            body.Description = _given[nameof(Description)] ? Description ?? string.Empty : source!.Description!;
            details.Add($"description '{body.Description}'");
        }
        if (_given[nameof(ExpirationDate)])
        {
            body.ExpirationDate = ExpirationDate is DateTime date ? ApiKeyInput.ExpirationDate(date)
                : throw new PartooCmdletException(ErrorReason.InvalidExpirationDate,
                    "-ExpirationDate is $null.", "Pass a date from tomorrow on, or leave -ExpirationDate out for a key without expiration.");
            details.Add("expiration date " + ChangeText.Day(body.ExpirationDate!.Value));
        }
        else details.Add("no expiration date");
        if (_given[nameof(IpWhitelist)] || source is { IpWhitelist.Count: > 0 })
        {
            body.IpWhitelist = ApiKeyInput.IpEntries(_given[nameof(IpWhitelist)] ? SplitListAttribute.Values(IpWhitelist) : (IEnumerable<string?>)source!.IpWhitelist);
            details.Add(body.IpWhitelist.Count == 0 ? "no IP restriction" : "IP whitelist " + ChangeText.Names(body.IpWhitelist));
        }
        var exportedUnrestricted = !_given.OnCommandLine(nameof(Permission)) && source is null
            && string.Equals(HasRestrictedPermissions?.Trim(), bool.FalseString, StringComparison.OrdinalIgnoreCase);
        if (exportedUnrestricted && _given[nameof(Permission)])
            WriteVerbose($"The input for '{body.Label}' says HasRestrictedPermissions False: its Permissions are its user's, so the new key is unrestricted too.");
        if ((_given[nameof(Permission)] && !exportedUnrestricted) || source is { HasRestrictedPermissions: true })
        {
            body.Restrict(ApiKeyInput.PermissionNames(_given[nameof(Permission)] ? SplitListAttribute.Values(Permission) : (IEnumerable<string?>)source!.Permissions));
            details.Add("restricted to permissions " + ChangeText.Names(body.Permissions!));
        }
        else details.Add("every permission of its user");
        if (SecretName is not null) details.Add($"secret stored as '{SecretName}' in {Where}");
        return (body, "Create with " + string.Join("; ", details));
    }
}
