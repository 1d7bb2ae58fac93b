using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using PartooKeys.Http;
using Polly;
using Polly.Retry;

namespace PartooKeys.Resilience;

/// <summary>
/// Retry and throttling for every request, in one place. Each attempt takes a permit of the
/// connection's sliding-window limiter (MaxRequestsPerMinute). 429 waits what Retry-After says
/// (capped by MaxRetryWait); 502/503/504, network failures and timeouts back off exponentially with
/// jitter, for idempotent requests only; a POST that may have reached Partoo is never repeated.
/// </summary>
public sealed class PartooRequestPolicy : IRequestPolicy
{
    private static readonly ResiliencePropertyKey<bool> Idempotent = new("PartooKeys.Idempotent");

    private readonly RateLimiter _limiter;
    private readonly ResiliencePipeline _pipeline;

    public PartooRequestPolicy(PartooClientOptions options)
    {
        _limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.MaxRequestsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 12,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        _pipeline = BuildRetry(options);
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, bool idempotent, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Idempotent, idempotent);
        try
        {
            return await _pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    using var permit = await AcquireAsync(state.Limiter, ctx.CancellationToken).ConfigureAwait(false);
                    return await state.Attempt(ctx.CancellationToken).ConfigureAwait(false);
                },
                context, (Limiter: _limiter, Attempt: attempt)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static ResiliencePipeline BuildRetry(PartooClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetryAttempts <= 0) return builder.Build();
        return builder.AddRetry(new RetryStrategyOptions
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
        }).Build();
    }

    /// <summary>Waits for a permit; Ctrl+C ends the wait.</summary>
    private static async Task<RateLimitLease> AcquireAsync(RateLimiter limiter, CancellationToken cancellationToken)
    {
        var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        throw new InvalidOperationException("The client-side rate limiter refused a permit.");
    }

    /// <summary>Worth another attempt: Partoo did not process it (429, connection refused), or it may be repeated safely.</summary>
    public static bool IsTransient(PartooApiException ex, bool idempotent)
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

    public void Dispose() => _limiter.Dispose();
}
