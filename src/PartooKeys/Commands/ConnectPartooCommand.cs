using System;
using System.Management.Automation;
using System.Security;
using PartooKeys.Connection;
using PartooKeys.Errors;

namespace PartooKeys.Commands;

/// <summary>
/// Connects this runspace to Partoo with a key read once from a SecretManagement vault, given as a
/// SecureString or a PSCredential, or taken from PARTOO_API_KEY; -PassThru returns the connection
/// for -Connection.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Partoo", DefaultParameterSetName = VaultSet)]
[OutputType(typeof(PartooConnection))]
public sealed class ConnectPartooCommand : PSCmdlet
{
    private const string VaultSet = "Vault";
    private const string ApiKeySet = "ApiKey";
    private const string CredentialSet = "Credential";
    private static readonly PartooSettings Defaults = new();

    [Parameter(ParameterSetName = VaultSet)]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    [Parameter(ParameterSetName = VaultSet)]
    [ValidateNotNullOrEmpty]
    public string SecretName { get; set; } = ConnectionSettings.DefaultSecretName;

    [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
    [ValidateNotNull]
    public SecureString? ApiKey { get; set; }

    /// <summary>The password is the key (the user name is not used): fits Get-AutomationPSCredential.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ValidateSet(nameof(PartooEnvironment.Production), nameof(PartooEnvironment.Sandbox))]
    public PartooEnvironment Environment { get; set; } = PartooEnvironment.Production;

    [Parameter]
    [ValidateNotNull]
    public Uri? BaseUri { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = Defaults.TimeoutSec;

    [Parameter]
    [ValidateRange(1, 100000)]
    public int MaxRequestsPerMinute { get; set; } = Defaults.MaxRequestsPerMinute;

    [Parameter]
    [ValidateRange(1, 16)]
    public int MaxConcurrency { get; set; } = Defaults.MaxConcurrency;

    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryAttempts { get; set; } = Defaults.MaxRetryAttempts;

    [Parameter]
    [ValidateRange(0.0, 60.0)]
    public double RetryBaseDelaySec { get; set; } = Defaults.RetryBaseDelaySec;

    [Parameter]
    [ValidateRange(1, 3600)]
    public int MaxRetryWaitSec { get; set; } = Defaults.MaxRetryWaitSec;

    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Authenticates to the proxy (-Proxy, or the system proxy) as the signed-in user, as Invoke-RestMethod's switch.</summary>
    [Parameter]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    /// <summary>Allows an http:// address that is not loopback: the key then travels unencrypted (as Invoke-RestMethod's switch).</summary>
    [Parameter]
    public SwitchParameter AllowUnencryptedAuthentication { get; set; }

    /// <summary>Returns the connection, to pass with -Connection (also as -ReturnConnection, as in PnP.PowerShell).</summary>
    [Parameter]
    [Alias("ReturnConnection")]
    public SwitchParameter PassThru { get; set; }

    private string VerbNoun => MyInvocation.MyCommand.Name.Replace("-", string.Empty);

    protected override void BeginProcessing() => TableViews.EnsureLoaded(this);

    protected override void EndProcessing()
    {
        if (BaseUri is not null && !PartooClientOptions.IsHttpAddress(BaseUri))
            Refuse(ErrorReason.InvalidBaseUri, $"-BaseUri '{BaseUri.OriginalString}' is not an absolute http:// or https:// address.", target: BaseUri);
        if (Proxy is not null && !PartooClientOptions.IsHttpAddress(Proxy))
            Refuse(ErrorReason.InvalidProxy, $"-Proxy '{Proxy.OriginalString}' is not an absolute http:// or https:// address.", target: Proxy);
        if (ProxyCredential is not null && Proxy is null)
            Refuse(ErrorReason.ProxyCredentialWithoutProxy, "-ProxyCredential needs -Proxy.");
        if (ProxyCredential is not null && ProxyUseDefaultCredentials)
            Refuse(ErrorReason.ProxyCredentialConflict, "-ProxyCredential and -ProxyUseDefaultCredentials cannot be used together.");
        if (ApiKey is not null && KeyText.IsBlank(ApiKey))
            Refuse(ErrorReason.ApiKeyEmpty, "-ApiKey is empty.");
        if (Credential is not null && (Credential.Password is null || KeyText.IsBlank(Credential.Password)))
            Refuse(ErrorReason.CredentialEmpty, $"The password of -Credential (user '{Credential.UserName}') is empty; the password must be the Partoo API key.");

        var settings = new ConnectionSettings
        {
            Vault = Vault,
            SecretName = SecretName,
            Environment = Environment,
            BaseUri = BaseUri,
            Settings = new PartooSettings
            {
                TimeoutSec = TimeoutSec,
                MaxRequestsPerMinute = MaxRequestsPerMinute,
                MaxConcurrency = MaxConcurrency,
                MaxRetryAttempts = MaxRetryAttempts,
                RetryBaseDelaySec = RetryBaseDelaySec,
                MaxRetryWaitSec = MaxRetryWaitSec,
            },
            Proxy = Proxy,
            ProxyCredential = ProxyCredential?.GetNetworkCredential(),
            ProxyUseDefaultCredentials = ProxyUseDefaultCredentials,
            AllowUnencryptedAuthentication = AllowUnencryptedAuthentication,
        };
        SetKey(settings);

        PartooConnection connection;
        try { connection = ConnectionFactory.Create(settings); }
        catch (PartooCmdletException ex) { ThrowTerminatingError(ErrorRecords.From(ex, VerbNoun)); return; }

        ConnectionStore.Set(connection);
        WriteVerbose($"Connected to {connection.BaseUri} ({connection.Environment}); key from {Describe(connection)}.");
        if (PassThru)
        {
            connection.HandedOut = true;
            WriteObject(connection);
        }
    }

    /// <summary>Explicit parameters first (-ApiKey, -Credential, -Vault/-SecretName); then PARTOO_API_KEY; then the default vault.</summary>
    private void SetKey(ConnectionSettings settings)
    {
        if (ApiKey is not null)
        {
            settings.ApiKey = ApiKey.Copy();
            settings.KeySource = PartooKeySource.ApiKeyParameter;
        }
        else if (Credential is not null)
        {
            settings.ApiKey = Credential.Password.Copy();
            settings.KeySource = PartooKeySource.CredentialParameter;
        }
        else if (!MyInvocation.BoundParameters.ContainsKey(nameof(Vault)) && !MyInvocation.BoundParameters.ContainsKey(nameof(SecretName)))
        {
            try { settings.ApiKey = ConnectionSettings.ApiKeyFromEnvironment(); }
            catch (ArgumentException ex)
            {
                Refuse(ErrorReason.InvalidEnvironmentVariable, ex.Message,
                    $"Set {ConnectionSettings.ApiKeyVariable} to the key (in CI, check that the secret exists and is mapped), remove it, or pass the key with -ApiKey, -Credential or -Vault.");
            }
            if (settings.ApiKey is not null) settings.KeySource = PartooKeySource.EnvironmentVariable;
        }
        settings.ApiKey?.MakeReadOnly();
    }

    private void Refuse(ErrorReason reason, string message, string? action = null, object? target = null) =>
        ThrowTerminatingError(ErrorRecords.From(new PartooCmdletException(reason, message, action, target), VerbNoun));

    private static string Describe(PartooConnection connection) => connection.KeySource switch
    {
        PartooKeySource.SecretManagement => $"secret '{connection.SecretName}' in {(connection.Vault is null ? "the default vault" : $"vault '{connection.Vault}'")}",
        PartooKeySource.ApiKeyParameter => "the -ApiKey parameter",
        PartooKeySource.CredentialParameter => "the -Credential parameter",
        _ => $"the {ConnectionSettings.ApiKeyVariable} environment variable",
    };
}
