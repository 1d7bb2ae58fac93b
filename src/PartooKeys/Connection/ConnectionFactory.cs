using System;
using System.Management.Automation;
using PartooKeys.Errors;

namespace PartooKeys.Connection;

/// <summary>Makes connections (from Connect-Partoo's settings or the PARTOO_* variables) and finds the one a command uses.</summary>
internal static class ConnectionFactory
{
    private const string PassOne =
        "Run Connect-Partoo first. In ForEach-Object -Parallel, Start-ThreadJob or a runspace pool, pass the caller's connection: " +
        "$partoo = Connect-Partoo -PassThru; ... | ForEach-Object -Parallel { Get-PartooApiKey -Connection $using:partoo }. " +
        "Unattended, set PARTOO_VAULT (and PARTOO_SECRET_NAME), or PARTOO_API_KEY.";

    public static PartooConnection Create(ConnectionSettings settings)
    {
        var baseUri = settings.BaseUri ?? PartooClientOptions.ForEnvironment(settings.Environment);
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

    /// <summary>
    /// Starts a command's use of its connection: the one given with -Connection, else the runspace's default,
    /// else one made from the PARTOO_* variables (which becomes the default). Never a guess at Production.
    /// </summary>
    public static ConnectionUse Use(PartooConnection? given)
    {
        var connection = given ?? ConnectionStore.Current ?? FromEnvironment();
        return connection.TryUse() ?? throw new PartooCmdletException("ConnectionClosed", ErrorCategory.InvalidOperation,
            $"The connection to {connection.BaseUri} was closed with Disconnect-Partoo, so nothing was sent.",
            ConnectAgain, connection);
    }

    /// <summary>The connection was closed while the command was using it: what was in flight was cancelled.</summary>
    public static PartooCmdletException ClosedUnderCommand(PartooConnection connection, string command) =>
        new("ConnectionClosed", ErrorCategory.InvalidOperation,
            $"The connection to {connection.BaseUri} was closed with Disconnect-Partoo while {command} was using it: its requests in flight were cancelled and nothing more was sent.",
            ConnectAgain, connection);

    private const string ConnectAgain =
        "Connect again with Connect-Partoo -PassThru and pass the new connection (-Connection), or leave -Connection out to use this runspace's default.";

    private static PartooConnection FromEnvironment()
    {
        ConnectionSettings? settings;
        try { settings = ConnectionSettings.FromEnvironmentVariables(); }
        catch (ArgumentException ex)
        {
            throw new PartooCmdletException("InvalidEnvironmentVariable", ErrorCategory.InvalidArgument, ex.Message,
                "Correct or remove the variable, or run Connect-Partoo with explicit parameters.", null, ex);
        }
        if (settings is null)
            throw new PartooCmdletException("NotConnected", ErrorCategory.InvalidOperation,
                "This runspace has no Partoo connection, and no PARTOO_* environment variable says how to make one, so nothing was sent.",
                PassOne, null);
        var connection = Create(settings);
        ConnectionStore.Set(connection);
        return connection;
    }

    private static PartooEnvironment KnownEnvironment(Uri uri) =>
        uri == PartooClientOptions.ProductionUri ? PartooEnvironment.Production
        : uri == PartooClientOptions.SandboxUri ? PartooEnvironment.Sandbox
        : PartooEnvironment.Custom;
}
