using System;
using System.Collections.Generic;
using System.Management.Automation;
using PartooKeys.Completion;
using PartooKeys.Connection;
using PartooKeys.Errors;
using PartooKeys.Validation;

namespace PartooKeys.Commands;

/// <summary>Creates a Partoo API key; its secret, when Partoo sends it, only as a SecureString or straight into a vault.</summary>
[Cmdlet(VerbsCommon.New, "PartooApiKey", DefaultParameterSetName = OutputSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ApiKey))]
public sealed class NewPartooApiKeyCommand : PartooCmdlet
{
    private const string OutputSet = "Output";
    private const string VaultSet = "Vault";

    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyString]
    public string Label { get; set; } = string.Empty;

    [Parameter]
    [AllowEmptyString]
    public string? Description { get; set; }

    [Parameter]
    public DateTime ExpirationDate { get; set; }

    [Parameter]
    [AllowEmptyCollection]
    public string[]? IpWhitelist { get; set; }

    [Parameter]
    [AllowEmptyCollection]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[]? Permission { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = VaultSet)]
    [AllowEmptyString]
    public string? SecretName { get; set; }

    [Parameter(ParameterSetName = VaultSet)]
    [AllowEmptyString]
    public string? Vault { get; set; }

    protected override void ProcessRecord()
    {
        ApiKeyChanges body;
        string details;
        try
        {
            (body, details) = Body();
            CheckPermissions(body, null); // against the organisation's catalogue
            if (SecretName is not null) SecretVault.CheckCanStore(SecretName, Vault);
        }
        catch (PartooCmdletException ex) { ThrowTerminating(ex); return; }

        if (!ShouldProcess($"new API key '{body.Label}'", details)) return;

        ApiKey key;
        try { key = Run((client, ct) => client.CreateApiKeyAsync(body, ct), settle: KeepSecret); } // never repeated: a POST may have created the key
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
            SecretVault.Store(SecretName, Vault, key.Secret, key);
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
        if (SecretName is null) WriteKey(key);
        else SecretVault.Store(SecretName, Vault, key.Secret, key);
    }

    private string Where => Vault is null ? "the default vault" : $"the vault '{Vault}'";

    private (ApiKeyChanges Body, string Details) Body()
    {
        var body = new ApiKeyChanges { Label = ApiKeyInput.Label(Label) };
        var details = new List<string>();
        if (SecretName is not null)
        {
            ApiKeyInput.Name(SecretName, nameof(SecretName));
            if (Vault is not null) ApiKeyInput.Name(Vault, nameof(Vault));
        }
        if (IsGiven(nameof(Description)))
        {
            body.Description = Description ?? string.Empty;
            details.Add($"description '{body.Description}'");
        }
        if (IsGiven(nameof(ExpirationDate)))
        {
            body.ExpirationDate = ApiKeyInput.ExpirationDate(ExpirationDate);
            details.Add("expiration date " + ChangeText.Day(body.ExpirationDate!.Value));
        }
        else details.Add("no expiration date");
        if (IsGiven(nameof(IpWhitelist)))
        {
            body.IpWhitelist = ApiKeyInput.IpEntries(IpWhitelist);
            details.Add(body.IpWhitelist.Count == 0 ? "no IP restriction" : "IP whitelist " + ChangeText.Names(body.IpWhitelist));
        }
        if (IsGiven(nameof(Permission)))
        {
            body.Restrict(ApiKeyInput.PermissionNames(Permission));
            details.Add("restricted to permissions " + ChangeText.Names(body.Permissions!));
        }
        else details.Add("every permission of its user");
        if (SecretName is not null) details.Add($"secret stored as '{SecretName}' in {Where}");
        return (body, "Create with " + string.Join("; ", details));
    }
}
