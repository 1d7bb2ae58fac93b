using System;

namespace PartooKeys;

/// <summary>What Get-PartooConnection shows about the session's connection. Never the key.</summary>
public sealed class PartooConnectionInfo
{
    public PartooEnvironment Environment { get; internal set; }
    public Uri BaseUri { get; internal set; } = PartooClientOptions.ProductionUri;
    /// <summary>The SecretManagement vault the key came from; null for the default vault or a key given with -ApiKey.</summary>
    public string? Vault { get; internal set; }
    public string? SecretName { get; internal set; }
    /// <summary>Where the key came from: "SecretManagement", "ApiKey parameter".</summary>
    public string KeySource { get; internal set; } = "";
    /// <summary>"Connect-Partoo", or "Environment variables" for a lazy connection made from PARTOO_* variables.</summary>
    public string ConnectedBy { get; internal set; } = "";
    public DateTimeOffset ConnectedAt { get; internal set; }
    public int TimeoutSec { get; internal set; }
    public int MaxRequestsPerMinute { get; internal set; }
    /// <summary>How many pages of a listing are fetched at once.</summary>
    public int MaxConcurrency { get; internal set; }
    public int MaxRetryAttempts { get; internal set; }
    public double RetryBaseDelaySec { get; internal set; }
    public int MaxRetryWaitSec { get; internal set; }
    /// <summary>The explicit proxy; null means the system proxy.</summary>
    public Uri? Proxy { get; internal set; }
    public string UserAgent { get; internal set; } = "";

    public override string ToString() => $"{Environment} {BaseUri} ({KeySource})";
}
