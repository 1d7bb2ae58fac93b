using System;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace PartooKeys.Http;

/// <summary>
/// Retry and throttling for every request, in one place: a retry strategy around each attempt, and
/// a client-side rate limiter of which each attempt takes a permit (see PartooClient.SendOnceAsync). 429 waits what Retry-After says (capped); 502/503/504,
/// network failures and timeouts back off exponentially with jitter, for idempotent requests only.
/// </summary>
internal static class PartooResilience
{
    /// <summary>Set to false for a request that must not be repeated once it may have reached Partoo (POST create).</summary>
    public static readonly ResiliencePropertyKey<bool> Idempotent = new("PartooKeys.Idempotent");

    public static ResiliencePipeline Build(PartooClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryWait,
                ShouldHandle = args => new ValueTask<bool>(
                    args.Outcome.Exception is PartooApiException ex && IsTransient(ex, args.Context.Properties.GetValue(Idempotent, true))),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is PartooApiException { StatusCode: 429, RetryAfter: TimeSpan wait }
                        ? (wait > options.MaxRetryWait ? options.MaxRetryWait : wait)
                        : null),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is PartooApiException ex)
                        RequestObserver.Current?.RetryScheduled(new RetryNotice(ex, args.AttemptNumber + 1, options.MaxRetryAttempts, args.RetryDelay));
                    return default;
                },
            });
        }
        return builder.Build();
    }

    /// <summary>Waits for a permit of the connection's limiter; Ctrl+C ends the wait.</summary>
    public static async Task<RateLimitLease> AcquireAsync(RateLimiter limiter, System.Threading.CancellationToken cancellationToken)
    {
        var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException("The client-side rate limiter refused a permit.");
        }
        return lease;
    }

    public static RateLimiter CreateLimiter(int requestsPerMinute) =>
        new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = requestsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 12,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });

    /// <summary>Worth another attempt: Partoo did not process it (429, connection refused), or it may be repeated safely.</summary>
    internal static bool IsTransient(PartooApiException ex, bool idempotent)
    {
        if (ex.StatusCode == 429) return true;
        return ex.Failure switch
        {
            PartooFailure.Network => idempotent || IsConnectionRefused(ex),
            PartooFailure.Timeout => idempotent,
            PartooFailure.HttpStatus => idempotent && ex.StatusCode is 502 or 503 or 504,
            _ => false,
        };
    }

    private static bool IsConnectionRefused(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) return true;
        return false;
    }
}

/// <summary>A retry about to happen, as the user may be told about it.</summary>
public sealed class RetryNotice
{
    public RetryNotice(PartooApiException cause, int attempt, int maxAttempts, TimeSpan delay)
    {
        Cause = cause;
        Attempt = attempt;
        MaxAttempts = maxAttempts;
        Delay = delay;
    }

    public PartooApiException Cause { get; }
    /// <summary>The number of the retry about to be made (1 for the first retry).</summary>
    public int Attempt { get; }
    public int MaxAttempts { get; }
    public TimeSpan Delay { get; }
    public bool IsRateLimit => Cause.StatusCode == 429;

    public override string ToString()
    {
        var why = Cause.Failure switch
        {
            PartooFailure.HttpStatus => $"answered {Cause.StatusCode}",
            PartooFailure.Timeout => "got no answer in time",
            _ => "could not reach Partoo",
        };
        return $"{Cause.Method} {Cause.Path} {why}; retry {Attempt} of {MaxAttempts} in {Delay.TotalSeconds:0.##} s.";
    }
}
