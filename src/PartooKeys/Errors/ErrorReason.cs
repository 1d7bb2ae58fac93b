using System.Collections.Generic;
using System.Management.Automation;

namespace PartooKeys.Errors;

/// <summary>
/// The catalogue of error reasons: every ErrorId the module writes is the cmdlet's Verb+Noun
/// followed by one of these names. Each reason has its category, the recommended action used when
/// the call site has no more specific one, and the meaning about_PartooKeys shows in its ERRORS
/// tables (ErrorRulesTests checks that the tables and this catalogue agree). To add a reason: add
/// an instance here and a row to the table of about_PartooKeys where it belongs.
/// </summary>
internal sealed class ErrorReason
{
    // Declared before the instances: static fields are initialised in the order they are written.
    private static readonly List<ErrorReason> Reasons = new();

    private ErrorReason(string name, ErrorCategory category, string action, string meaning)
    {
        Name = name;
        Category = category;
        Action = action;
        Meaning = meaning;
        Reasons.Add(this);
    }

    /// <summary>The part of the ErrorId after Verb+Noun, e.g. NotFound.</summary>
    public string Name { get; }
    public ErrorCategory Category { get; }
    /// <summary>The default recommended action.</summary>
    public string Action { get; }
    /// <summary>One line for the about topic's tables.</summary>
    public string Meaning { get; }

    /// <summary>Every reason, in the order of the about topic's tables.</summary>
    public static IReadOnlyList<ErrorReason> All => Reasons;

    public override string ToString() => Name;

    // Reading the key and connecting.

    public static readonly ErrorReason SecretNotFound = new(nameof(SecretNotFound), ErrorCategory.ObjectNotFound,
        "Store the Partoo API key with Set-Secret, or name another secret with Connect-Partoo -SecretName <name> -Vault <vault>.",
        "The secret is not in the vault (or in any vault).");

    public static readonly ErrorReason VaultNotFound = new(nameof(VaultNotFound), ErrorCategory.ObjectNotFound,
        "List the registered vaults with Get-SecretVault, or register one with Register-SecretVault; then run the command again.",
        "The vault is not registered (to read the key, or to store a new key's secret: then no key is made).");

    public static readonly ErrorReason SecretManagementNotInstalled = new(nameof(SecretManagementNotInstalled), ErrorCategory.NotInstalled,
        "Install-Module Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore -Scope CurrentUser; then register a vault and store the key with Set-Secret.",
        "The SecretManagement module is not installed or cannot load.");

    public static readonly ErrorReason SecretReadFailed = new(nameof(SecretReadFailed), ErrorCategory.ReadError,
        "Check the vault with Get-SecretVault and Test-SecretVault (a SecretStore vault may need Unlock-SecretStore), then run Connect-Partoo again.",
        "Get-Secret failed, for example a locked vault.");

    public static readonly ErrorReason SecretTypeUnsupported = new(nameof(SecretTypeUnsupported), ErrorCategory.InvalidType,
        "Store the key again as a SecureString with Set-Secret -Secret (Read-Host -AsSecureString 'Partoo API key').",
        "The secret is not a SecureString, a string or a PSCredential.");

    public static readonly ErrorReason SecretEmpty = new(nameof(SecretEmpty), ErrorCategory.InvalidData,
        "Store the key again with Set-Secret -Secret (Read-Host -AsSecureString 'Partoo API key').",
        "The secret is empty.");

    public static readonly ErrorReason ApiKeyEmpty = new(nameof(ApiKeyEmpty), ErrorCategory.InvalidArgument,
        "Pass the key as a SecureString: Connect-Partoo -ApiKey (Read-Host -AsSecureString 'Partoo API key').",
        "Connect-Partoo -ApiKey got an empty key.");

    public static readonly ErrorReason InvalidBaseUri = new(nameof(InvalidBaseUri), ErrorCategory.InvalidArgument,
        "Pass Partoo's API address, e.g. -BaseUri https://api.partoo.co/v2, or use -Environment Production|Sandbox.",
        "Connect-Partoo -BaseUri is not an absolute http(s) address.");

    public static readonly ErrorReason CredentialEmpty = new(nameof(CredentialEmpty), ErrorCategory.InvalidArgument,
        "Store the key as the credential's password (in Azure Automation: the Password of the credential asset), then pass it: Connect-Partoo -Credential (Get-AutomationPSCredential -Name Partoo).",
        "Connect-Partoo -Credential has an empty password.");

    public static readonly ErrorReason InvalidProxy = new(nameof(InvalidProxy), ErrorCategory.InvalidArgument,
        "Pass the proxy's address, e.g. -Proxy http://proxy.contoso.com:8080, or leave -Proxy out to use the system proxy.",
        "Connect-Partoo -Proxy is not an absolute http(s) address.");

    public static readonly ErrorReason ProxyCredentialConflict = new(nameof(ProxyCredentialConflict), ErrorCategory.InvalidArgument,
        "Use -ProxyCredential for an account of its own, or -ProxyUseDefaultCredentials for the signed-in user, not both.",
        "-ProxyCredential with -ProxyUseDefaultCredentials.");

    public static readonly ErrorReason ProxyCredentialWithoutProxy = new(nameof(ProxyCredentialWithoutProxy), ErrorCategory.InvalidArgument,
        "Add -Proxy <address>, or leave -ProxyCredential out.",
        "-ProxyCredential without -Proxy.");

    public static readonly ErrorReason UnencryptedAuthentication = new(nameof(UnencryptedAuthentication), ErrorCategory.InvalidArgument,
        "Use the https:// address. Only if you must, and on a network you trust, allow unencrypted authentication (-AllowUnencryptedAuthentication, or PARTOO_ALLOW_UNENCRYPTED_AUTHENTICATION=1).",
        "Connect-Partoo -BaseUri (or PARTOO_BASE_URI) http:// to a host that is not loopback, without -AllowUnencryptedAuthentication.");

    public static readonly ErrorReason InvalidEnvironmentVariable = new(nameof(InvalidEnvironmentVariable), ErrorCategory.InvalidArgument,
        "Correct or remove the variable, or run Connect-Partoo with explicit parameters.",
        "PARTOO_ENVIRONMENT or PARTOO_BASE_URI has a wrong value, or PARTOO_API_KEY is blank.");

    public static readonly ErrorReason NotConnected = new(nameof(NotConnected), ErrorCategory.InvalidOperation,
        "Run Connect-Partoo first. In ForEach-Object -Parallel, Start-ThreadJob or a runspace pool, pass the caller's connection: " +
        "$partoo = Connect-Partoo -PassThru; ... | ForEach-Object -Parallel { Get-PartooApiKey -Connection $using:partoo }. " +
        "Unattended, set PARTOO_VAULT (and PARTOO_SECRET_NAME), or PARTOO_API_KEY.",
        "No -Connection, no connection in this runspace and no PARTOO_* variable. Nothing sent.");

    public static readonly ErrorReason ConnectionClosed = new(nameof(ConnectionClosed), ErrorCategory.InvalidOperation,
        "Connect again with Connect-Partoo -PassThru and pass the new connection (-Connection), or leave -Connection out to use this runspace's default.",
        "The connection was closed by Disconnect-Partoo. Nothing sent.");

    // Requests to Partoo.

    public static readonly ErrorReason InvalidArgument = new(nameof(InvalidArgument), ErrorCategory.InvalidArgument,
        "Correct the values Partoo names in the message and run the command again.",
        "400: Partoo refused a value; it names it.");

    public static readonly ErrorReason Unauthorized = new(nameof(Unauthorized), ErrorCategory.AuthenticationError,
        "Partoo does not accept the key. Store a valid key (Set-Secret -Name PartooApiKey -Secret (Read-Host -AsSecureString 'Partoo API key')) and run Connect-Partoo again; Get-PartooConnection shows where the key came from.",
        "401: Partoo does not accept the key.");

    public static readonly ErrorReason Forbidden = new(nameof(Forbidden), ErrorCategory.PermissionDenied,
        "The key's user may not do this. Connect with a key of a user allowed to manage API keys (e.g. an ORG_ADMIN), or ask your Partoo administrator for the right.",
        "403: the key's user may not do this.");

    public static readonly ErrorReason ProxyAuthenticationRequired = new(nameof(ProxyAuthenticationRequired), ErrorCategory.AuthenticationError,
        "The proxy wants credentials. Connect again with Connect-Partoo -Proxy <address> -ProxyCredential (Get-Credential), or -ProxyUseDefaultCredentials to sign in to it as the current user.",
        "407: the proxy wants credentials (-ProxyCredential or -ProxyUseDefaultCredentials).");

    public static readonly ErrorReason NotFound = new(nameof(NotFound), ErrorCategory.ObjectNotFound,
        "Check the address Get-PartooConnection shows.",
        "404: no key with this id (or a wrong address); for Get-PartooPermission -Name, no such permission.");

    public static readonly ErrorReason UnsupportedMediaType = new(nameof(UnsupportedMediaType), ErrorCategory.InvalidData,
        "Partoo refused the request's content type. Please report this as a PartooKeys bug.",
        "415: Partoo refused the content type (a bug).");

    public static readonly ErrorReason RateLimited = new(nameof(RateLimited), ErrorCategory.LimitsExceeded,
        $"Partoo allows {PartooSettings.PartooRequestsPerMinute} requests a minute per organisation. Wait a minute and retry.",
        "429: over the rate limit; wait as Partoo says.");

    public static readonly ErrorReason ServerError = new(nameof(ServerError), ErrorCategory.ResourceUnavailable,
        "Partoo, or a gateway in front of it, failed. Retry later.",
        "5xx: Partoo or a gateway failed; retry later.");

    public static readonly ErrorReason HttpError = new(nameof(HttpError), ErrorCategory.NotSpecified,
        "Retry later; if it persists, report it with the message above.",
        "Another HTTP status.");

    public static readonly ErrorReason Timeout = new(nameof(Timeout), ErrorCategory.OperationTimeout,
        "Retry later, or allow more time with Connect-Partoo -TimeoutSec <seconds>.",
        "No answer within -TimeoutSec seconds.");

    public static readonly ErrorReason ConnectionFailed = new(nameof(ConnectionFailed), ErrorCategory.ConnectionError,
        "Check the network, any proxy, and the address Get-PartooConnection shows; then retry.",
        "Partoo could not be reached (network, DNS, proxy, TLS).");

    public static readonly ErrorReason InvalidAnswer = new(nameof(InvalidAnswer), ErrorCategory.InvalidResult,
        "The answer is not what Partoo documents. Check that Get-PartooConnection shows Partoo's API address, then retry.",
        "A success answer that is not what Partoo documents (not JSON, fields missing).");

    public static readonly ErrorReason InvalidKey = new(nameof(InvalidKey), ErrorCategory.InvalidData,
        "Partoo sent this key in a form PartooKeys cannot read (the message names the field). The other keys are not affected. Check the key in Partoo's web app, or report the answer to Partoo; run the command again once it is fixed.",
        "One key of an answer cannot be read (a date that is no date, no id). In a listing it is non-terminating and the other keys are written.");

    public static readonly ErrorReason Redirected = new(nameof(Redirected), ErrorCategory.SecurityError,
        "PartooKeys never follows a redirect, so the key reached no other host. Check that Get-PartooConnection shows Partoo's API address (https://api.partoo.co/v2 or the Sandbox); if a gateway moved, connect again with its new address (Connect-Partoo -BaseUri).",
        "A 3xx answer. Redirects are never followed, so the key reaches no other host.");

    public static readonly ErrorReason AnswerTooLarge = new(nameof(AnswerTooLarge), ErrorCategory.InvalidResult,
        "A page of keys is far below 1 MB: the address may not be Partoo's API. Check the address Get-PartooConnection shows, then retry.",
        "An answer over 16 MB, stopped while reading.");

    public static readonly ErrorReason AmbiguousKeyValue = new(nameof(AmbiguousKeyValue), ErrorCategory.InvalidArgument,
        "Give the whole secret. Partoo matches the value against labels and parts of secrets; read the candidates with Get-PartooApiKey -Id and revoke the right one by -Id.",
        "Get-PartooApiKey -KeyValue matched more than one key (a part of a secret, or a label): nothing is written.");

    // Values checked before anything is sent, and creating, changing and revoking keys.

    public static readonly ErrorReason InvalidId = new(nameof(InvalidId), ErrorCategory.InvalidArgument,
        "Pass the id of an existing key; Get-PartooApiKey lists the keys you can see.",
        "-Id is 0 or less.");

    public static readonly ErrorReason InvalidLabel = new(nameof(InvalidLabel), ErrorCategory.InvalidArgument,
        "Pass a short name, e.g. -Label 'CRM sync'.",
        "-Label is empty.");

    public static readonly ErrorReason InvalidExpirationDate = new(nameof(InvalidExpirationDate), ErrorCategory.InvalidArgument,
        "Pass a date from tomorrow on, e.g. -ExpirationDate (Get-Date).AddDays(90).",
        "Before tomorrow (UTC), more than 100 years ahead, or $null.");

    public static readonly ErrorReason InvalidIpWhitelist = new(nameof(InvalidIpWhitelist), ErrorCategory.InvalidArgument,
        "Correct the entry, e.g. -IpWhitelist '198.51.100.0/24'.",
        "Not an IP address or CIDR range (leading zeros included), or $null.");

    public static readonly ErrorReason InvalidPermission = new(nameof(InvalidPermission), ErrorCategory.InvalidArgument,
        "Correct the name: Get-PartooPermission lists the organisation's permissions, and Tab after the parameter completes them.",
        "Not a snake_case name; or, when the catalogue could be read, a name the organisation does not have (the message names the closest).");

    public static readonly ErrorReason InvalidSecretName = new(nameof(InvalidSecretName), ErrorCategory.InvalidArgument,
        "Pass a name, or leave -SecretName out.",
        "-SecretName is empty.");

    public static readonly ErrorReason InvalidVault = new(nameof(InvalidVault), ErrorCategory.InvalidArgument,
        "Pass a name, or leave -Vault out.",
        "-Vault is empty.");

    public static readonly ErrorReason ConflictingParameters = new(nameof(ConflictingParameters), ErrorCategory.InvalidArgument,
        "Use one of the two parameters, not both.",
        "Parameters that contradict each other.");

    public static readonly ErrorReason NoChange = new(nameof(NoChange), ErrorCategory.InvalidArgument,
        "Name at least one change (Get-Help Set-PartooApiKey lists the parameters).",
        "Set-PartooApiKey was given no change (or a row had none).");

    public static readonly ErrorReason NoId = new(nameof(NoId), ErrorCategory.InvalidArgument,
        "Pass -Id, pipe keys from Get-PartooApiKey, or pipe objects with an Id property (an Id column in the CSV).",
        "Set-PartooApiKey got no -Id and the input has no Id.");

    public static readonly ErrorReason InvalidClear = new(nameof(InvalidClear), ErrorCategory.InvalidArgument,
        "Pass e.g. -Clear Description, ExpirationDate (in a CSV: a Clear column with Description;ExpirationDate).",
        "-Clear names a field that cannot be cleared.");

    public static readonly ErrorReason SecretNameUsedTwice = new(nameof(SecretNameUsedTwice), ErrorCategory.InvalidArgument,
        "Give each input its own secret name (a SecretName column in the CSV), or create the keys one at a time.",
        "Two inputs of one New-PartooApiKey name the same -SecretName.");

    public static readonly ErrorReason NotConfirmed = new(nameof(NotConfirmed), ErrorCategory.OperationStopped,
        "Run the command again with -Force to go on without asking (-WhatIf shows what would be done).",
        "A revocation or a widening change needs a yes the host cannot ask; use -Force.");

    public static readonly ErrorReason OwnKeyNotConfirmed = new(nameof(OwnKeyNotConfirmed), ErrorCategory.OperationStopped,
        "Run the command again with -Force to revoke the session's own key without asking.",
        "The session's own key needs a second yes the host cannot ask; use -Force.");

    public static readonly ErrorReason NoDefaultVault = new(nameof(NoDefaultVault), ErrorCategory.ObjectNotFound,
        "Name a vault with -Vault, or register a default one: Register-SecretVault -Name PartooVault -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault.",
        "New-PartooApiKey -SecretName without -Vault, and no default vault: no key made.");

    public static readonly ErrorReason CreateOutcomeUnknown = new(nameof(CreateOutcomeUnknown), ErrorCategory.ConnectionError,
        "Check with Get-PartooApiKey -SearchText '<label>' whether Partoo created the key before you create it again. The secret of such a key cannot be read again: revoke it with Revoke-PartooApiKey -Id <id>, then create it again.",
        "A create was sent but its answer was lost (connection lost, no answer in time, 502/504): Partoo may have made the key. The create is never sent twice; the message names any key found.");

    public static readonly ErrorReason SecretStoreFailed = new(nameof(SecretStoreFailed), ErrorCategory.WriteError,
        "The key written to the pipeline, and this error's TargetObject, carry the secret in their Secret property (a SecureString): store it with Set-Secret, or revoke the key.",
        "The key was created but Set-Secret failed; the error's TargetObject carries the secret.");
}
