using System;
using System.Collections.Generic;
using System.Threading;

namespace PartooKeys;

/// <summary>Where a connection's key came from.</summary>
public enum PartooKeySource
{
    /// <summary>A SecretManagement vault (Vault and SecretName say which).</summary>
    SecretManagement,
    /// <summary>Connect-Partoo -ApiKey (a SecureString).</summary>
    ApiKeyParameter,
    /// <summary>Connect-Partoo -Credential (the password is the key).</summary>
    CredentialParameter,
    /// <summary>The PARTOO_API_KEY environment variable (the least preferred source).</summary>
    EnvironmentVariable,
}

/// <summary>
/// A connection to Partoo: one HttpClient, the key (never shown) and the settings. Connect-Partoo
/// -PassThru returns it; every cmdlet takes it with -Connection, in any runspace or thread of this
/// process (ForEach-Object -Parallel with $using:, Start-ThreadJob, runspace pools). It does not
/// survive serialization (Start-Job, Import-Clixml, remoting).
/// </summary>
public sealed class PartooConnection
{
    private PartooClient? _client;

    internal PartooConnection(PartooClient client, PartooSettings settings)
    {
        _client = client;
        Settings = settings;
        BaseUri = client.Options.BaseUri;
        UserAgent = client.Options.UserAgent;
    }

    public PartooEnvironment Environment { get; internal set; }
    public Uri BaseUri { get; }
    /// <summary>The SecretManagement vault the key came from; null for the default vault or a key from another source.</summary>
    public string? Vault { get; internal set; }
    public string? SecretName { get; internal set; }
    public PartooKeySource KeySource { get; internal set; }
    /// <summary>"Connect-Partoo", or "Environment variables" for a connection made from PARTOO_* variables.</summary>
    public string ConnectedBy { get; internal set; } = "";
    public DateTimeOffset ConnectedAt { get; internal set; }
    /// <summary>False once Disconnect-Partoo closed it.</summary>
    public bool IsConnected => Volatile.Read(ref _client) is not null;
    public int TimeoutSec => Settings.TimeoutSec;
    /// <summary>The budget asked for; connections to the same address with the same key share one budget in the process.</summary>
    public int MaxRequestsPerMinute => Settings.MaxRequestsPerMinute;
    /// <summary>How many pages of a listing are fetched at once.</summary>
    public int MaxConcurrency => Settings.MaxConcurrency;
    public int MaxRetryAttempts => Settings.MaxRetryAttempts;
    public double RetryBaseDelaySec => Settings.RetryBaseDelaySec;
    public int MaxRetryWaitSec => Settings.MaxRetryWaitSec;
    /// <summary>The explicit proxy; null means the system proxy.</summary>
    public Uri? Proxy { get; internal set; }
    /// <summary>Whether the proxy is given the signed-in user's credentials (Connect-Partoo -ProxyUseDefaultCredentials).</summary>
    public bool ProxyUseDefaultCredentials { get; internal set; }
    public string UserAgent { get; }

    internal PartooSettings Settings { get; }

    /// <summary>The client, or null once closed.</summary>
    internal PartooClient? Client => Volatile.Read(ref _client);

    /// <summary>The ids of the key this connection uses, once asked (see OwnKey); null until then.</summary>
    internal IReadOnlyCollection<int>? OwnKeyIds { get; set; }

    /// <summary>Whether the user holds this object (-PassThru, Get-PartooConnection): then a new Connect-Partoo does not close it.</summary>
    internal bool HandedOut { get; set; }

    /// <summary>Closes the HttpClient and forgets the key; false when it was closed already.</summary>
    internal bool Close()
    {
        var client = Interlocked.Exchange(ref _client, null);
        client?.Dispose();
        return client is not null;
    }

    public override string ToString() => $"{Environment} {BaseUri} ({KeySource}{(IsConnected ? "" : ", disconnected")})";
}
