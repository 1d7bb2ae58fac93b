using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using PartooKeys.Errors;

namespace PartooKeys.Connection;

/// <summary>
/// The one adapter to Microsoft.PowerShell.SecretManagement, called through the engine (never its
/// assembly). It imports SecretManagement the first time a vault is used (the manifest does not
/// require it), and holds a process-wide lock around every call: the real module runs vault calls
/// in one static runspace and fails when two threads call it at once (SecretManagement issue 188).
/// </summary>
internal static class SecretVault
{
    public const string ModuleName = "Microsoft.PowerShell.SecretManagement";
    private static readonly object VaultLock = new();

    /// <summary>Reads the key once: a SecureString, a string or a PSCredential's password.</summary>
    public static SecureString Read(string secretName, string? vault)
    {
        var where = Where(vault);
        Collection<PSObject> results;
        ErrorRecord[] errors;
        lock (VaultLock)
        {
            EnsureLoaded("the Partoo API key cannot be read from a vault", "Or pass the key with Connect-Partoo -ApiKey (Read-Host -AsSecureString 'Partoo API key') or -Credential.");
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            shell.AddCommand(ModuleName + @"\Get-Secret").AddParameter("Name", secretName);
            if (vault is not null) shell.AddParameter("Vault", vault);
            shell.AddParameter("ErrorAction", ActionPreference.Continue);
            try { results = InvokeOrStop(shell); }
            catch (RuntimeException ex) when (IsVaultNotFound(ex.ErrorRecord))
            {
                throw VaultNotFound(vault, "", ex);
            }
            catch (RuntimeException ex)
            {
                throw ReadFailed(secretName, where, ex.ErrorRecord?.Exception?.Message ?? ex.Message, ex);
            }
            errors = shell.Streams.Error.ToArray();
        }

        if (errors.FirstOrDefault(IsVaultNotFound) is ErrorRecord vaultError) throw VaultNotFound(vault, "", vaultError.Exception);
        // A vault that failed (e.g. GetSecretInvalidOperation) is followed by "not found": report the failure, not a missing secret.
        if (results.Count == 0 && errors.FirstOrDefault(e => !IsSecretNotFound(e)) is ErrorRecord failure)
            throw ReadFailed(secretName, where, Describe(failure.Exception), failure.Exception);
        if (results.Count == 0 && errors.FirstOrDefault(IsSecretNotFound) is ErrorRecord notFound)
        {
            throw new PartooCmdletException(ErrorReason.SecretNotFound,
                $"The secret '{secretName}' was not found in {where}.",
                $"Store the Partoo API key first: {SetSecretCommand(secretName, vault)}. Or name another secret with Connect-Partoo -SecretName <name> -Vault <vault>.",
                secretName, notFound.Exception);
        }
        if (results.Count == 0) throw ReadFailed(secretName, where, "Get-Secret returned nothing.", null);
        return ToSecureString(results[0], secretName);
    }

    /// <summary>Before a key is created: SecretManagement is there and so is the vault (or a default vault).</summary>
    public static void CheckCanStore(string secretName, string? vault)
    {
        var consequence = $" so the new key's secret '{secretName}' could not be stored. No key was created.";
        lock (VaultLock)
        {
            EnsureLoaded($"the new key's secret '{secretName}' could not be stored. No key was created", "Or run New-PartooApiKey without -SecretName.");
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            shell.AddCommand(ModuleName + @"\Get-SecretVault").AddParameter("ErrorAction", ActionPreference.Ignore);
            var vaults = InvokeOrStop(shell).Select(v => (Name: v.Properties["Name"]?.Value as string, IsDefault: LanguagePrimitives.IsTrue(v.Properties["IsDefault"]?.Value))).ToList();
            if (vault is not null && !vaults.Any(v => string.Equals(v.Name, vault, StringComparison.OrdinalIgnoreCase)))
                throw VaultNotFound(vault, consequence, null);
            if (vault is null && !vaults.Any(v => v.IsDefault))
                throw new PartooCmdletException(ErrorReason.NoDefaultVault, $"No default SecretManagement vault is registered,{consequence}");
        }
    }

    /// <remarks>
    /// On failure the error's target is the key, which still carries the secret. A stop (Ctrl+C) during the call is
    /// a PipelineStoppedException: the vault may or may not have stored the secret.
    /// </remarks>
    public static void Store(string secretName, string? vault, SecureString secret, ApiKey key)
    {
        string? problem;
        Exception? inner;
        lock (VaultLock)
        {
            EnsureLoaded($"the new key's secret '{secretName}' could not be stored", "");
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            shell.AddCommand(ModuleName + @"\Set-Secret").AddParameter("Name", secretName).AddParameter("Secret", secret);
            if (vault is not null) shell.AddParameter("Vault", vault);
            shell.AddParameter("ErrorAction", ActionPreference.Continue);
            try
            {
                InvokeOrStop(shell);
                var error = shell.Streams.Error.FirstOrDefault();
                problem = error is null ? null : Describe(error.Exception);
                inner = error?.Exception;
            }
            catch (RuntimeException ex) when (ex is not PipelineStoppedException) // a stop (Ctrl+C) goes on: the caller says what it left
            {
                problem = Describe(ex.ErrorRecord?.Exception ?? ex);
                inner = ex;
            }
        }
        if (problem is null) return;
        throw new PartooCmdletException(ErrorReason.SecretStoreFailed,
            $"API key {key.Id} '{key.Label}' was created, but its secret could not be stored as '{secretName}' in {Where(vault)}: {problem}",
            $"The key written to the pipeline, and this error's TargetObject, carry the secret in their Secret property (a SecureString): store it with Set-Secret -Name {secretName} -Secret $Error[0].TargetObject.Secret, or revoke the key with Revoke-PartooApiKey -Id {key.Id}.",
            key, inner);
    }

    /// <summary>Imports SecretManagement into the current runspace the first time it needs it. Call under the lock.</summary>
    private static void EnsureLoaded(string consequence, string otherWay)
    {
        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddCommand("Get-Module").AddParameter("Name", ModuleName);
        if (InvokeOrStop(shell).Count > 0) return;
        shell.Commands.Clear();
        shell.AddCommand("Import-Module").AddParameter("Name", ModuleName).AddParameter("ErrorAction", ActionPreference.Stop);
        try { InvokeOrStop(shell); }
        catch (RuntimeException ex) when (ex is not PipelineStoppedException)
        {
            throw new PartooCmdletException(ErrorReason.SecretManagementNotInstalled,
                $"{ModuleName} is not installed or cannot be loaded, so {consequence}.",
                $"Install-Module {ModuleName}, Microsoft.PowerShell.SecretStore -Scope CurrentUser; then register a vault and store the key with Set-Secret. {otherWay}".TrimEnd(),
                null, ex);
        }
    }

    /// <summary>
    /// Runs a SecretManagement call in this runspace. A Ctrl+C stops it too (the engine stops nested pipelines first),
    /// and then Invoke returns as if the call had finished: that is a PipelineStoppedException here, so it is never
    /// read as "done" or "not found".
    /// </summary>
    private static Collection<PSObject> InvokeOrStop(PowerShell shell)
    {
        var results = shell.Invoke();
        if (shell.InvocationStateInfo.State == PSInvocationState.Stopped) throw new PipelineStoppedException();
        return results;
    }

    private static string Where(string? vault) => vault is null ? "the default SecretManagement vault" : $"the vault '{vault}'";

    private static string SetSecretCommand(string secretName, string? vault) =>
        $"Set-Secret -Name {secretName}{(vault is null ? "" : $" -Vault {vault}")} -Secret (Read-Host -AsSecureString 'Partoo API key')";

    private static bool IsVaultNotFound(ErrorRecord? record) =>
        record?.FullyQualifiedErrorId?.StartsWith("GetSecretVaultNotFound", StringComparison.Ordinal) == true;

    private static bool IsSecretNotFound(ErrorRecord record) =>
        record.FullyQualifiedErrorId?.StartsWith("GetSecretNotFound", StringComparison.Ordinal) == true;

    /// <summary>The vault's message and what caused it (SecretManagement wraps the extension's failure).</summary>
    private static string Describe(Exception? ex)
    {
        if (ex is null) return "the vault reported an error.";
        var cause = ex.InnerException is { } inner && !string.IsNullOrWhiteSpace(inner.Message) && inner.Message != ex.Message ? $" ({inner.Message})" : "";
        return ex.Message + cause;
    }

    private static PartooCmdletException VaultNotFound(string? vault, string consequence, Exception? inner) =>
        new(ErrorReason.VaultNotFound,
            $"The SecretManagement vault '{vault}' is not registered{(consequence.Length == 0 ? "." : "," + consequence)}",
            $"List the registered vaults with Get-SecretVault, or register one: Register-SecretVault -Name {vault ?? "PartooVault"} -ModuleName Microsoft.PowerShell.SecretStore; then run the command again.",
            vault, inner);

    private static PartooCmdletException ReadFailed(string secretName, string where, string reason, Exception? inner) =>
        new(ErrorReason.SecretReadFailed,
            $"The vault failed: the secret '{secretName}' could not be read from {where}: {reason}",
            target: secretName, inner: inner);

    /// <summary>A SecureString, a string or a PSCredential's password; anything else is refused.</summary>
    private static SecureString ToSecureString(PSObject result, string secretName)
    {
        var value = result.BaseObject;
        SecureString secret = value switch
        {
            SecureString secure => secure.Copy(),
            string text => KeyText.FromString(text),
            PSCredential credential => credential.Password.Copy(),
            _ => throw new PartooCmdletException(ErrorReason.SecretTypeUnsupported,
                $"The secret '{secretName}' is a {value?.GetType().Name ?? "null"}; a Partoo API key must be stored as a SecureString, a string or a PSCredential.",
                $"Store the key again as a SecureString: Set-Secret -Name {secretName} -Secret (Read-Host -AsSecureString 'Partoo API key').",
                secretName),
        };
        if (KeyText.IsBlank(secret))
            throw new PartooCmdletException(ErrorReason.SecretEmpty,
                $"The secret '{secretName}' is empty.",
                $"Store the key again: Set-Secret -Name {secretName} -Secret (Read-Host -AsSecureString 'Partoo API key').",
                secretName);
        secret.MakeReadOnly();
        return secret;
    }
}
