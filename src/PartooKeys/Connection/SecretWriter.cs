using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using PartooKeys.Errors;

namespace PartooKeys.Connection;

/// <summary>
/// Stores a new key's secret with Microsoft.PowerShell.SecretManagement\Set-Secret, through the engine.
/// The secret only ever travels as a SecureString.
/// </summary>
internal static class SecretWriter
{
    private const string Module = "Microsoft.PowerShell.SecretManagement";

    /// <summary>Before a key is created: SecretManagement is there and so is the vault (or a default vault).</summary>
    public static void CheckCanStore(string secretName, string? vault)
    {
        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddCommand("Get-Command").AddParameter("Name", "Set-Secret").AddParameter("Module", Module).AddParameter("ErrorAction", ActionPreference.Ignore);
        if (shell.Invoke().Count == 0)
            throw new PartooCmdletException("SecretManagementNotInstalled", ErrorCategory.NotInstalled,
                $"Microsoft.PowerShell.SecretManagement is not installed or cannot be loaded, so the new key's secret '{secretName}' could not be stored. No key was created.",
                "Install-Module Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore -Scope CurrentUser and register a vault; or run New-PartooApiKey without -SecretName.", null);

        shell.Commands.Clear();
        shell.AddCommand(Module + @"\Get-SecretVault").AddParameter("ErrorAction", ActionPreference.Ignore);
        var vaults = shell.Invoke().Select(v => (Name: v.Properties["Name"]?.Value as string, IsDefault: LanguagePrimitives.IsTrue(v.Properties["IsDefault"]?.Value))).ToList();
        if (vault is not null && !vaults.Any(v => string.Equals(v.Name, vault, StringComparison.OrdinalIgnoreCase)))
            throw new PartooCmdletException("VaultNotFound", ErrorCategory.ObjectNotFound,
                $"The SecretManagement vault '{vault}' is not registered, so the new key's secret '{secretName}' could not be stored. No key was created.",
                "List the registered vaults with Get-SecretVault, or register one with Register-SecretVault; then run the command again.", vault);
        if (vault is null && !vaults.Any(v => v.IsDefault))
            throw new PartooCmdletException("NoDefaultVault", ErrorCategory.ObjectNotFound,
                $"No default SecretManagement vault is registered, so the new key's secret '{secretName}' could not be stored. No key was created.",
                "Name a vault with -Vault, or register a default one: Register-SecretVault -Name PartooVault -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault.", null);
    }

    /// <remarks>On failure the error's target is the key, which still carries the secret.</remarks>
    public static void Store(string secretName, string? vault, SecureString secret, ApiKey key)
    {
        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddCommand(Module + @"\Set-Secret").AddParameter("Name", secretName).AddParameter("Secret", secret);
        if (vault is not null) shell.AddParameter("Vault", vault);
        shell.AddParameter("ErrorAction", ActionPreference.Continue);
        string? problem;
        Exception? inner;
        try
        {
            shell.Invoke();
            var error = shell.Streams.Error.FirstOrDefault();
            problem = error?.Exception?.Message;
            inner = error?.Exception;
        }
        catch (RuntimeException ex)
        {
            problem = ex.ErrorRecord?.Exception?.Message ?? ex.Message;
            inner = ex;
        }
        if (problem is null) return;
        var where = vault is null ? "the default vault" : $"the vault '{vault}'";
        throw new PartooCmdletException("SecretStoreFailed", ErrorCategory.WriteError,
            $"API key {key.Id} '{key.Label}' was created, but its secret could not be stored as '{secretName}' in {where}: {problem}",
            $"The key written to the pipeline, and this error's TargetObject, carry the secret in their Secret property (a SecureString): store it with Set-Secret -Name {secretName} -Secret $Error[0].TargetObject.Secret, or revoke the key with Revoke-PartooApiKey -Id {key.Id}.",
            key, inner);
    }
}
