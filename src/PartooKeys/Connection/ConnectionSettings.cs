using System;
using System.Security;

namespace PartooKeys.Connection;

/// <summary>
/// What a connection is made from: where the key comes from, the address, and the PartooSettings
/// (timeouts, budget, retries: their defaults live in PartooSettings only).
/// </summary>
internal sealed class ConnectionSettings
{
    public const string DefaultSecretName = "PartooApiKey";
    public const string VaultVariable = "PARTOO_VAULT";
    public const string SecretNameVariable = "PARTOO_SECRET_NAME";
    public const string EnvironmentVariable = "PARTOO_ENVIRONMENT";
    public const string BaseUriVariable = "PARTOO_BASE_URI";
    public const string ApiKeyVariable = "PARTOO_API_KEY";
    public const string AllowUnencryptedVariable = "PARTOO_ALLOW_UNENCRYPTED_AUTHENTICATION";
    /// <summary>ConnectedBy of a connection made from the PARTOO_* variables.</summary>
    public const string FromVariables = "Environment variables";

    public string? Vault { get; set; }
    public string SecretName { get; set; } = DefaultSecretName;
    /// <summary>The key when it does not come from a vault (KeySource says from where).</summary>
    public SecureString? ApiKey { get; set; }
    public PartooKeySource KeySource { get; set; } = PartooKeySource.SecretManagement;
    public PartooEnvironment Environment { get; set; } = PartooEnvironment.Production;
    public Uri? BaseUri { get; set; }
    public PartooSettings Settings { get; set; } = new();
    public Uri? Proxy { get; set; }
    public System.Net.NetworkCredential? ProxyCredential { get; set; }
    public bool ProxyUseDefaultCredentials { get; set; }
    /// <summary>-AllowUnencryptedAuthentication, or PARTOO_ALLOW_UNENCRYPTED_AUTHENTICATION=1 (or true) for PARTOO_BASE_URI.</summary>
    public bool AllowUnencryptedAuthentication { get; set; }
    public string ConnectedBy { get; set; } = "Connect-Partoo";

    /// <summary>
    /// Settings from the PARTOO_* variables, or null when none is set. PARTOO_VAULT or
    /// PARTOO_SECRET_NAME name a vault; otherwise PARTOO_API_KEY (read once here) is the key;
    /// otherwise PARTOO_ENVIRONMENT or PARTOO_BASE_URI alone use the default vault.
    /// </summary>
    public static ConnectionSettings? FromEnvironmentVariables()
    {
        var vault = Read(VaultVariable);
        var secretName = Read(SecretNameVariable);
        var environment = Read(EnvironmentVariable);
        var baseUri = Read(BaseUriVariable);
        var hasKeyVariable = System.Environment.GetEnvironmentVariable(ApiKeyVariable) is not null;
        if (vault is null && secretName is null && environment is null && baseUri is null && !hasKeyVariable) return null;

        var settings = new ConnectionSettings { ConnectedBy = FromVariables, Vault = vault, SecretName = secretName ?? DefaultSecretName };
        if (vault is null && secretName is null && hasKeyVariable)
        {
            settings.ApiKey = ApiKeyFromEnvironment();
            settings.KeySource = PartooKeySource.EnvironmentVariable;
        }
        if (environment is not null)
        {
            if (!Enum.TryParse<PartooEnvironment>(environment, ignoreCase: true, out var parsed) || parsed == PartooEnvironment.Custom)
                throw new ArgumentException($"The environment variable {EnvironmentVariable} is '{environment}', which is not a Partoo environment. Use Production or Sandbox, or set {BaseUriVariable} for another address.");
            settings.Environment = parsed;
        }
        if (baseUri is not null)
        {
            if (!Uri.TryCreate(baseUri, UriKind.Absolute, out var uri) || !PartooClientOptions.IsHttpAddress(uri))
                throw new ArgumentException($"The environment variable {BaseUriVariable} is '{baseUri}', which is not an absolute http:// or https:// address.");
            settings.BaseUri = uri;
            settings.AllowUnencryptedAuthentication = Read(AllowUnencryptedVariable) is string allow
                && (allow == "1" || string.Equals(allow, "true", StringComparison.OrdinalIgnoreCase));
        }
        return settings;
    }

    /// <summary>PARTOO_API_KEY as a SecureString, or null when it is not set; blank is an error. Never shown.</summary>
    public static SecureString? ApiKeyFromEnvironment()
    {
        var text = System.Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (text is null) return null;
        if (string.IsNullOrWhiteSpace(text))
            throw new ArgumentException($"The environment variable {ApiKeyVariable} is set but empty, so there is no key to connect with.");
        var key = KeyText.FromString(text.Trim());
        key.MakeReadOnly();
        return key;
    }

    private static string? Read(string name)
    {
        var value = System.Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
