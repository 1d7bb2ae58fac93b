using System;
using System.Net;
using System.Security;

namespace PartooKeys.Connection;

/// <summary>What a connection is made from: Connect-Partoo's parameters or the PARTOO_* environment variables.</summary>
internal sealed class ConnectionSettings
{
    public const string DefaultSecretName = "PartooApiKey";
    public const string VaultVariable = "PARTOO_VAULT";
    public const string SecretNameVariable = "PARTOO_SECRET_NAME";
    public const string EnvironmentVariable = "PARTOO_ENVIRONMENT";
    public const string BaseUriVariable = "PARTOO_BASE_URI";

    public string? Vault { get; set; }
    public string SecretName { get; set; } = DefaultSecretName;
    public SecureString? ApiKey { get; set; }
    public PartooEnvironment Environment { get; set; } = PartooEnvironment.Production;
    public Uri? BaseUri { get; set; }
    public int TimeoutSec { get; set; } = (int)PartooClientOptions.DefaultTimeout.TotalSeconds;
    public int MaxRequestsPerMinute { get; set; } = 300;
    public int MaxConcurrency { get; set; } = 4;
    public int MaxRetryAttempts { get; set; } = 4;
    public double RetryBaseDelaySec { get; set; } = 1;
    public int MaxRetryWaitSec { get; set; } = 60;
    public Uri? Proxy { get; set; }
    public System.Net.NetworkCredential? ProxyCredential { get; set; }
    public string ConnectedBy { get; set; } = "Connect-Partoo";

    /// <summary>Settings from PARTOO_VAULT, PARTOO_SECRET_NAME, PARTOO_ENVIRONMENT and PARTOO_BASE_URI.</summary>
    public static ConnectionSettings FromEnvironmentVariables()
    {
        var settings = new ConnectionSettings { ConnectedBy = "Environment variables" };
        settings.Vault = Read(VaultVariable);
        settings.SecretName = Read(SecretNameVariable) ?? DefaultSecretName;
        if (Read(EnvironmentVariable) is string environment)
        {
            if (!Enum.TryParse<PartooEnvironment>(environment, ignoreCase: true, out var parsed) || parsed == PartooEnvironment.Custom)
                throw new ArgumentException($"The environment variable {EnvironmentVariable} is '{environment}', which is not a Partoo environment. Use Production or Sandbox, or set {BaseUriVariable} for another address.");
            settings.Environment = parsed;
        }
        if (Read(BaseUriVariable) is string baseUri)
        {
            if (!Uri.TryCreate(baseUri, UriKind.Absolute, out var uri) || !PartooClientOptions.IsHttpAddress(uri))
                throw new ArgumentException($"The environment variable {BaseUriVariable} is '{baseUri}', which is not an absolute http:// or https:// address.");
            settings.BaseUri = uri;
        }
        return settings;
    }

    private static string? Read(string name)
    {
        var value = System.Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
