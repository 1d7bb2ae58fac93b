using System;
using System.Collections.Generic;
using System.Threading;
using PartooKeys.Completion;
using PartooKeys.Connection;
using PartooKeys.Validation;

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
/// <remarks>
/// It owns everything of this organisation that outlives a command: the client (and through it the
/// rate budget it shares with other connections of the same address and key), the permission
/// catalogue and its reader, the keys and permission names seen through it (for completion), and
/// the ids of its own key. Commands use it through a <see cref="ConnectionUse"/>: Close cancels the
/// requests of every use, and the client is disposed only when the last use has ended, so a
/// request in flight never meets a disposed HttpClient or rate limiter.
/// </remarks>
public sealed class PartooConnection
{
    private readonly PartooClient _client;
    private readonly CancellationTokenSource _closing = new();
    /// <summary>The uses in progress, plus one for the connection itself until Close.</summary>
    private int _references = 1;
    private int _closed;

    internal PartooConnection(PartooClient client, PartooSettings settings)
    {
        _client = client;
        Settings = settings;
        BaseUri = client.Options.BaseUri;
        UserAgent = client.Options.UserAgent;
        AllowUnencryptedAuthentication = client.Options.AllowUnencryptedAuthentication;
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
    public bool IsConnected => Volatile.Read(ref _closed) == 0;
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
    /// <summary>Whether an http:// address that is not loopback was allowed (Connect-Partoo -AllowUnencryptedAuthentication).</summary>
    public bool AllowUnencryptedAuthentication { get; }
    public string UserAgent { get; }

    internal PartooSettings Settings { get; }

    /// <summary>The organisation's permission catalogue, read once and kept here; the one reader of GET /permissions.</summary>
    internal PermissionCatalogueReader Catalogue { get; } = new();

    /// <summary>The keys and permission names seen through this connection, for tab completion.</summary>
    internal SeenThroughConnection Seen { get; } = new();

    /// <summary>The ids of the key this connection uses, once asked (see OwnKey); null until then.</summary>
    internal IReadOnlyCollection<int>? OwnKeyIds { get; set; }

    /// <summary>Whether the user holds this object (-PassThru, Get-PartooConnection): then a new Connect-Partoo does not close it.</summary>
    internal bool HandedOut { get; set; }

    /// <summary>Starts a use of the client (end it with Dispose); null once the connection is closed.</summary>
    internal ConnectionUse? TryUse()
    {
        while (true)
        {
            var references = Volatile.Read(ref _references);
            if (references == 0 || !IsConnected) return null;
            if (Interlocked.CompareExchange(ref _references, references + 1, references) == references)
                return new ConnectionUse(this, _client, _closing.Token);
        }
    }

    /// <summary>A use ended: the last one after Close disposes the client.</summary>
    internal void EndUse() => Release();

    /// <summary>
    /// Closes the connection: requests in flight are cancelled (their commands end with ...ConnectionClosed),
    /// later uses are refused, and the HttpClient is disposed and the key forgotten once the last use has
    /// ended. False when it was closed already.
    /// </summary>
    internal bool Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1) return false;
        try { _closing.Cancel(); }
        finally { Release(); }
        return true;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0) return;
        _client.Dispose(); // (the closing token stays readable for uses that still look at it)
    }

    public override string ToString() => $"{Environment} {BaseUri} ({KeySource}{(IsConnected ? "" : ", disconnected")})";
}
