using System;
using System.Globalization;

namespace PartooKeys.Http;

/// <summary>A wait for the organisation's rate budget, as the user is told about it (never silent).</summary>
public sealed class BudgetWait
{
    public BudgetWait(BudgetWaitReason reason, TimeSpan expected, string address, int requestsPerMinute)
    {
        Reason = reason;
        Expected = expected < TimeSpan.Zero ? TimeSpan.Zero : expected;
        Address = address;
        RequestsPerMinute = requestsPerMinute;
    }

    public BudgetWaitReason Reason { get; }
    /// <summary>How long the wait should last (an estimate for the client-side budget).</summary>
    public TimeSpan Expected { get; }
    /// <summary>The address whose budget this is (scheme, host and path; never the key).</summary>
    public string Address { get; }
    public int RequestsPerMinute { get; }

    public string Seconds => Math.Ceiling(Expected.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Reason == BudgetWaitReason.PartooRateLimit
        ? $"Waiting {Seconds} s before the next request: Partoo answered 429 (rate limit) and asked for that pause with Retry-After; every request to {Address} with this key waits."
        : $"Waiting about {Seconds} s before the next request: the rate budget of {RequestsPerMinute} requests a minute, shared by every connection to {Address} with this key in this process, is spent for now.";
}
