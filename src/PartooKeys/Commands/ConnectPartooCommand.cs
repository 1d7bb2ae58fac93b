using System;
using System.Management.Automation;
using System.Security;
using PartooKeys.Connection;
using PartooKeys.Errors;

namespace PartooKeys.Commands;

/// <summary>Connects this runspace to Partoo with a key read once from a SecretManagement vault, or given as a SecureString.</summary>
[Cmdlet(VerbsCommunications.Connect, "Partoo", DefaultParameterSetName = VaultSet)]
[OutputType(typeof(PartooConnectionInfo))]
public sealed class ConnectPartooCommand : PartooCmdlet
{
    private const string VaultSet = "Vault";
    private const string ApiKeySet = "ApiKey";

    [Parameter(ParameterSetName = VaultSet)]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    [Parameter(ParameterSetName = VaultSet)]
    [ValidateNotNullOrEmpty]
    public string SecretName { get; set; } = ConnectionSettings.DefaultSecretName;

    [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
    [ValidateNotNull]
    public SecureString? ApiKey { get; set; }

    [Parameter]
    [ValidateSet(nameof(PartooEnvironment.Production), nameof(PartooEnvironment.Sandbox))]
    public PartooEnvironment Environment { get; set; } = PartooEnvironment.Production;

    [Parameter]
    [ValidateNotNull]
    public Uri? BaseUri { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = (int)PartooClientOptions.DefaultTimeout.TotalSeconds;

    [Parameter]
    [ValidateRange(1, 100000)]
    public int MaxRequestsPerMinute { get; set; } = 300;

    [Parameter]
    [ValidateRange(1, 16)]
    public int MaxConcurrency { get; set; } = 4;

    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryAttempts { get; set; } = 4;

    [Parameter]
    [ValidateRange(0.0, 60.0)]
    public double RetryBaseDelaySec { get; set; } = 1;

    [Parameter]
    [ValidateRange(1, 3600)]
    public int MaxRetryWaitSec { get; set; } = 60;

    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ProxyCredential { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        if (BaseUri is not null && !PartooClientOptions.IsHttpAddress(BaseUri))
        {
            ThrowTerminating(new PartooCmdletException("InvalidBaseUri", ErrorCategory.InvalidArgument,
                $"-BaseUri '{BaseUri.OriginalString}' is not an absolute http:// or https:// address.",
                "Pass Partoo's API address, e.g. -BaseUri https://api.partoo.co/v2, or use -Environment Production|Sandbox.", BaseUri));
        }
        if (Proxy is not null && !PartooClientOptions.IsHttpAddress(Proxy))
        {
            ThrowTerminating(new PartooCmdletException("InvalidProxy", ErrorCategory.InvalidArgument,
                $"-Proxy '{Proxy.OriginalString}' is not an absolute http:// or https:// address.",
                "Pass the proxy's address, e.g. -Proxy http://proxy.contoso.com:8080, or leave -Proxy out to use the system proxy.", Proxy));
        }
        if (ProxyCredential is not null && Proxy is null)
        {
            ThrowTerminating(new PartooCmdletException("ProxyCredentialWithoutProxy", ErrorCategory.InvalidArgument,
                "-ProxyCredential needs -Proxy.", "Add -Proxy <address>, or leave -ProxyCredential out.", null));
        }
        if (ApiKey is not null && SecretResolver.IsBlank(ApiKey))
        {
            ThrowTerminating(new PartooCmdletException("ApiKeyEmpty", ErrorCategory.InvalidArgument,
                "-ApiKey is empty.", "Pass the key as a SecureString: Connect-Partoo -ApiKey (Read-Host -AsSecureString 'Partoo API key').", null));
        }

        var settings = new ConnectionSettings
        {
            Vault = Vault,
            SecretName = SecretName,
            ApiKey = ApiKey?.Copy(),
            Environment = Environment,
            BaseUri = BaseUri,
            TimeoutSec = TimeoutSec,
            MaxRequestsPerMinute = MaxRequestsPerMinute,
            MaxConcurrency = MaxConcurrency,
            MaxRetryAttempts = MaxRetryAttempts,
            RetryBaseDelaySec = RetryBaseDelaySec,
            MaxRetryWaitSec = MaxRetryWaitSec,
            Proxy = Proxy,
            ProxyCredential = ProxyCredential?.GetNetworkCredential(),
        };
        settings.ApiKey?.MakeReadOnly();

        PartooConnection connection;
        try { connection = ConnectionFactory.Create(settings); }
        catch (PartooCmdletException ex) { ThrowTerminating(ex); return; }

        ConnectionStore.Set(connection);
        WriteVerbose($"Connected to {connection.Info.BaseUri} ({connection.Info.Environment}); key from {Describe(connection.Info)}.");
        if (PassThru) WriteObject(connection.Info);
        base.EndProcessing();
    }

    private static string Describe(PartooConnectionInfo info) =>
        info.SecretName is null ? "the -ApiKey parameter" : $"secret '{info.SecretName}' in {(info.Vault is null ? "the default vault" : $"vault '{info.Vault}'")}";
}
