using System;

namespace PartooKeys;

/// <summary>
/// The tunable settings of a connection and their defaults: the one home for both. Connect-Partoo's
/// parameters default to these values, the client and its policy read them, and the connection
/// object shows them.
/// </summary>
public sealed class PartooSettings
{
    /// <summary>Partoo's documented budget: requests a minute per organisation, all keys together.</summary>
    public const int PartooRequestsPerMinute = 300;

    /// <summary>How long one attempt may wait for an answer, in seconds.</summary>
    public int TimeoutSec { get; set; } = 100;

    /// <summary>The client-side budget, shared by every connection to the same address with the same key.</summary>
    public int MaxRequestsPerMinute { get; set; } = PartooRequestsPerMinute;

    /// <summary>How many pages of a listing are fetched at once (1 to 16).</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Retries after a transient failure (0 turns retries off).</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>The first backoff delay in seconds; each retry doubles it, with jitter.</summary>
    public double RetryBaseDelaySec { get; set; } = 1;

    /// <summary>The longest single wait before a retry, whatever Retry-After asks, in seconds.</summary>
    public int MaxRetryWaitSec { get; set; } = 60;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSec);
    public TimeSpan RetryBaseDelay => TimeSpan.FromSeconds(RetryBaseDelaySec);
    public TimeSpan MaxRetryWait => TimeSpan.FromSeconds(MaxRetryWaitSec);

    /// <summary>A copy, so a connection's settings cannot change under it.</summary>
    public PartooSettings Clone() => (PartooSettings)MemberwiseClone();
}
