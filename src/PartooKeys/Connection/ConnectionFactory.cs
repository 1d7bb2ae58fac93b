using System;
using PartooKeys.Errors;

namespace PartooKeys.Connection;

/// <summary>Makes connections (from Connect-Partoo's settings or the PARTOO_* variables) and finds the one a command uses.</summary>
internal static class ConnectionFactory
{
    public static PartooConnection Create(ConnectionSettings settings)
    {
        var baseUri = settings.BaseUri ?? PartooClientOptions.ForEnvironment(settings.Environment);
        RefuseUnencrypted(baseUri, settings);
        var fromVault = settings.ApiKey is null;
        var key = settings.ApiKey ?? SecretVault.Read(settings.SecretName, settings.Vault);

        var options = new PartooClientOptions(baseUri, key, settings.Settings)
        {
            // WebProxy.UseDefaultCredentials = false would clear Credentials: the switch sets them or nothing.
            Proxy = settings.Proxy is null ? null : new System.Net.WebProxy(settings.Proxy)
            {
                Credentials = settings.ProxyUseDefaultCredentials ? System.Net.CredentialCache.DefaultCredentials : settings.ProxyCredential,
            },
            ProxyUseDefaultCredentials = settings.ProxyUseDefaultCredentials,
            AllowUnencryptedAuthentication = settings.AllowUnencryptedAuthentication,
        };
        options.Policy = new Resilience.PartooRequestPolicy(options);
        return new PartooConnection(new PartooClient(options), options.Settings)
        {
            Environment = settings.BaseUri is null ? settings.Environment : KnownEnvironment(options.BaseUri),
            Vault = fromVault ? settings.Vault : null,
            SecretName = fromVault ? settings.SecretName : null,
            KeySource = fromVault ? PartooKeySource.SecretManagement : settings.KeySource,
            ConnectedBy = settings.ConnectedBy,
            ConnectedAt = DateTimeOffset.Now,
            Proxy = settings.Proxy,
            ProxyUseDefaultCredentials = settings.ProxyUseDefaultCredentials,
        };
    }

    /// <summary>https only off loopback: the one place every address (parameter or variable) passes before anything is read or sent.</summary>
    private static void RefuseUnencrypted(Uri baseUri, ConnectionSettings settings)
    {
        if (!PartooClientOptions.IsUnencryptedRemote(baseUri) || settings.AllowUnencryptedAuthentication) return;
        var fromVariables = settings.ConnectedBy == ConnectionSettings.FromVariables;
        var (message, action) = fromVariables
            ? ($"The environment variable {ConnectionSettings.BaseUriVariable} is '{baseUri.OriginalString}', an http:// address that is not loopback, so the key would travel unencrypted; nothing was sent. Only {ConnectionSettings.AllowUnencryptedVariable}=1 allows that.",
               $"Set {ConnectionSettings.BaseUriVariable} to the https:// address. Only if you must, and on a network you trust, set {ConnectionSettings.AllowUnencryptedVariable}=1. Loopback addresses (localhost, 127.0.0.1, [::1]) need neither.")
            : ($"-BaseUri '{baseUri.OriginalString}' is http:// to a host that is not loopback, so the key would travel unencrypted; nothing was sent. Use https, or -AllowUnencryptedAuthentication.",
               "Use the https:// address (e.g. -BaseUri https://api.partoo.co/v2). Only if you must, and on a network you trust, add -AllowUnencryptedAuthentication. Loopback addresses (localhost, 127.0.0.1, [::1]) need no switch.");
        throw new PartooCmdletException(ErrorReason.UnencryptedAuthentication, message, action, baseUri);
    }

    /// <summary>
    /// Starts a command's use of its connection: the one given with -Connection, else the runspace's default,
    /// else one made from the PARTOO_* variables (which becomes the default). Never a guess at Production.
    /// </summary>
    public static ConnectionUse Use(PartooConnection? given)
    {
        var connection = given ?? ConnectionStore.Current ?? FromEnvironment();
        return connection.TryUse() ?? throw new PartooCmdletException(ErrorReason.ConnectionClosed,
            $"The connection to {connection.BaseUri} was closed with Disconnect-Partoo, so nothing was sent.", target: connection);
    }

    /// <summary>The connection was closed while the command was using it: what was in flight was cancelled.</summary>
    public static PartooCmdletException ClosedUnderCommand(PartooConnection connection, string command) =>
        new(ErrorReason.ConnectionClosed,
            $"The connection to {connection.BaseUri} was closed with Disconnect-Partoo while {command} was using it: its requests in flight were cancelled and nothing more was sent.",
            target: connection);

    private static PartooConnection FromEnvironment()
    {
        ConnectionSettings? settings;
        try { settings = ConnectionSettings.FromEnvironmentVariables(); }
        catch (ArgumentException ex)
        {
            throw new PartooCmdletException(ErrorReason.InvalidEnvironmentVariable, ex.Message, inner: ex);
        }
        if (settings is null)
            throw new PartooCmdletException(ErrorReason.NotConnected,
                "This runspace has no Partoo connection, and no PARTOO_* environment variable says how to make one, so nothing was sent.");
        var connection = Create(settings);
        ConnectionStore.Set(connection);
        return connection;
    }

    private static PartooEnvironment KnownEnvironment(Uri uri) =>
        uri == PartooClientOptions.ProductionUri ? PartooEnvironment.Production
        : uri == PartooClientOptions.SandboxUri ? PartooEnvironment.Sandbox
        : PartooEnvironment.Custom;
}
