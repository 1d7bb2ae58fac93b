using System;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using PartooKeys.Errors;

namespace PartooKeys.Connection;

/// <summary>
/// Reads the key once from SecretManagement, through the engine
/// (Microsoft.PowerShell.SecretManagement\Get-Secret), never through its assembly.
/// </summary>
internal static class SecretResolver
{
    private const string GetSecret = @"Microsoft.PowerShell.SecretManagement\Get-Secret";

    public static SecureString Read(string secretName, string? vault)
    {
        var where = vault is null ? "the default SecretManagement vault" : $"the vault '{vault}'";
        var setSecret = $"Set-Secret -Name {secretName}{(vault is null ? "" : $" -Vault {vault}")} -Secret (Read-Host -AsSecureString 'Partoo API key')";

        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddCommand(GetSecret).AddParameter("Name", secretName);
        if (vault is not null) shell.AddParameter("Vault", vault);
        shell.AddParameter("ErrorAction", ActionPreference.Continue);

        System.Collections.ObjectModel.Collection<PSObject> results;
        try
        {
            results = shell.Invoke();
        }
        catch (CommandNotFoundException ex)
        {
            throw NotInstalled(ex);
        }
        catch (RuntimeException ex) when (IsVaultNotFound(ex.ErrorRecord))
        {
            throw new PartooCmdletException("VaultNotFound", ErrorCategory.ObjectNotFound,
                $"The SecretManagement vault '{vault}' is not registered.",
                $"List the registered vaults with Get-SecretVault, or register one: Register-SecretVault -Name {vault ?? "PartooVault"} -ModuleName Microsoft.PowerShell.SecretStore.",
                vault, ex);
        }
        catch (RuntimeException ex)
        {
            throw ReadFailed(secretName, where, ex.ErrorRecord?.Exception?.Message ?? ex.Message, ex);
        }

        var errors = shell.Streams.Error.ToList();
        if (errors.FirstOrDefault(e => e.FullyQualifiedErrorId?.StartsWith("GetSecretNotFound", StringComparison.Ordinal) == true || e.CategoryInfo.Category == ErrorCategory.ObjectNotFound && !IsVaultNotFound(e)) is ErrorRecord notFound && results.Count == 0)
        {
            throw new PartooCmdletException("SecretNotFound", ErrorCategory.ObjectNotFound,
                $"The secret '{secretName}' was not found in {where}.",
                $"Store the Partoo API key first: {setSecret}. Or name another secret with Connect-Partoo -SecretName <name> -Vault <vault>.",
                secretName, notFound.Exception);
        }
        if (errors.FirstOrDefault(IsVaultNotFound) is ErrorRecord vaultError)
        {
            throw new PartooCmdletException("VaultNotFound", ErrorCategory.ObjectNotFound,
                $"The SecretManagement vault '{vault}' is not registered.",
                "List the registered vaults with Get-SecretVault, or register one with Register-SecretVault.",
                vault, vaultError.Exception);
        }
        if (results.Count == 0)
        {
            var reason = errors.FirstOrDefault()?.Exception?.Message ?? "Get-Secret returned nothing.";
            throw ReadFailed(secretName, where, reason, errors.FirstOrDefault()?.Exception);
        }

        return ToSecureString(results[0], secretName);
    }

    private static bool IsVaultNotFound(ErrorRecord? record) =>
        record?.FullyQualifiedErrorId?.StartsWith("GetSecretVaultNotFound", StringComparison.Ordinal) == true;

    private static PartooCmdletException NotInstalled(Exception ex) =>
        new("SecretManagementNotInstalled", ErrorCategory.NotInstalled,
            "Microsoft.PowerShell.SecretManagement is not installed or cannot be loaded, so the Partoo API key cannot be read from a vault.",
            "Install-Module Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore -Scope CurrentUser; then register a vault and store the key with Set-Secret. Or pass the key with Connect-Partoo -ApiKey (Read-Host -AsSecureString).",
            null, ex);

    private static PartooCmdletException ReadFailed(string secretName, string where, string reason, Exception? inner) =>
        new("SecretReadFailed", ErrorCategory.ReadError,
            $"The secret '{secretName}' could not be read from {where}: {reason}",
            "Check the vault with Get-SecretVault and Test-SecretVault (a SecretStore vault may need Unlock-SecretStore), then run Connect-Partoo again.",
            secretName, inner);

    /// <summary>A SecureString, a string or a PSCredential's password; anything else is refused.</summary>
    private static SecureString ToSecureString(PSObject result, string secretName)
    {
        var value = result.BaseObject;
        SecureString secret = value switch
        {
            SecureString secure => secure.Copy(),
            string text => FromString(text),
            PSCredential credential => credential.Password.Copy(),
            _ => throw new PartooCmdletException("SecretTypeUnsupported", ErrorCategory.InvalidType,
                $"The secret '{secretName}' is a {value?.GetType().Name ?? "null"}; a Partoo API key must be stored as a SecureString, a string or a PSCredential.",
                $"Store the key again as a SecureString: Set-Secret -Name {secretName} -Secret (Read-Host -AsSecureString 'Partoo API key').",
                secretName),
        };
        if (IsBlank(secret))
            throw new PartooCmdletException("SecretEmpty", ErrorCategory.InvalidData,
                $"The secret '{secretName}' is empty.",
                $"Store the key again: Set-Secret -Name {secretName} -Secret (Read-Host -AsSecureString 'Partoo API key').",
                secretName);
        secret.MakeReadOnly();
        return secret;
    }

    internal static SecureString FromString(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return secure;
    }

    internal static bool IsBlank(SecureString secret)
    {
        if (secret.Length == 0) return true;
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            for (var i = 0; i < secret.Length; i++)
                if (!char.IsWhiteSpace((char)Marshal.ReadInt16(pointer, i * 2))) return false;
            return true;
        }
        finally { Marshal.ZeroFreeGlobalAllocUnicode(pointer); }
    }
}
