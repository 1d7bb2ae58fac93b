using System;
using System.Management.Automation;
using PartooKeys.Errors;

namespace PartooKeys.Connection;

/// <summary>Makes connections: from Connect-Partoo's settings, or lazily from the PARTOO_* environment variables.</summary>
internal static class ConnectionFactory
{
    public static PartooConnection Create(ConnectionSettings settings)
    {
        var baseUri = settings.BaseUri ?? PartooClientOptions.ForEnvironment(settings.Environment);
        var environment = settings.BaseUri is null ? settings.Environment : KnownEnvironment(baseUri);
        var fromParameter = settings.ApiKey is not null;
        var key = settings.ApiKey ?? SecretResolver.Read(settings.SecretName, settings.Vault);

        var options = new PartooClientOptions(baseUri, key)
        {
            Timeout = TimeSpan.FromSeconds(settings.TimeoutSec),
            MaxRequestsPerMinute = settings.MaxRequestsPerMinute,
            MaxConcurrency = settings.MaxConcurrency,
            MaxRetryAttempts = settings.MaxRetryAttempts,
            RetryBaseDelay = TimeSpan.FromSeconds(settings.RetryBaseDelaySec),
            MaxRetryWait = TimeSpan.FromSeconds(settings.MaxRetryWaitSec),
            Proxy = settings.Proxy is null ? null : new System.Net.WebProxy(settings.Proxy) { Credentials = settings.ProxyCredential },
        };
        var info = new PartooConnectionInfo
        {
            Environment = environment,
            BaseUri = options.BaseUri,
            Vault = fromParameter ? null : settings.Vault,
            SecretName = fromParameter ? null : settings.SecretName,
            KeySource = fromParameter ? "ApiKey parameter" : "SecretManagement",
            ConnectedBy = settings.ConnectedBy,
            ConnectedAt = DateTimeOffset.Now,
            TimeoutSec = settings.TimeoutSec,
            MaxRequestsPerMinute = settings.MaxRequestsPerMinute,
            MaxConcurrency = settings.MaxConcurrency,
            MaxRetryAttempts = settings.MaxRetryAttempts,
            RetryBaseDelaySec = settings.RetryBaseDelaySec,
            MaxRetryWaitSec = settings.MaxRetryWaitSec,
            Proxy = settings.Proxy,
            UserAgent = options.UserAgent,
        };
        options.Policy = new Resilience.PartooRequestPolicy(options);
        return new PartooConnection(new PartooClient(options), info);
    }

    /// <summary>The runspace's connection, made from the environment variables if there is none yet.</summary>
    public static PartooConnection CurrentOrFromEnvironment()
    {
        if (ConnectionStore.Current is PartooConnection current) return current;
        ConnectionSettings settings;
        try { settings = ConnectionSettings.FromEnvironmentVariables(); }
        catch (ArgumentException ex)
        {
            throw new PartooCmdletException("InvalidEnvironmentVariable", ErrorCategory.InvalidArgument, ex.Message,
                "Correct or remove the variable, or run Connect-Partoo with explicit parameters.", null, ex);
        }
        var connection = Create(settings);
        ConnectionStore.Set(connection);
        return connection;
    }

    private static PartooEnvironment KnownEnvironment(Uri uri) =>
        uri == PartooClientOptions.ProductionUri ? PartooEnvironment.Production
        : uri == PartooClientOptions.SandboxUri ? PartooEnvironment.Sandbox
        : PartooEnvironment.Custom;
}
