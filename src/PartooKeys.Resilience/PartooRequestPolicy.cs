using System;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Http;
using Polly;
using Polly.Retry;

namespace PartooKeys.Resilience;

/// <summary>
/// Retry and throttling for every request, in one place. Each attempt takes a permit of the
/// organisation's rate budget (RateBudget: one per address and key in the process). 429 waits what
/// Retry-After says (capped by MaxRetryWait), and so does every other user of the budget; 502/503/504, network failures and timeouts back off exponentially with
/// jitter, for idempotent requests only; a POST that may have reached Partoo is never repeated.
/// </summary>
public sealed class PartooRequestPolicy : IRequestPolicy
{
    private static readonly ResiliencePropertyKey<bool> Idempotent = new("PartooKeys.Idempotent");

    private readonly RateBudget _budget;
    private readonly TimeSpan _maxRetryWait;
    private readonly ResiliencePipeline _pipeline;
    private int _disposed;

    public PartooRequestPolicy(PartooClientOptions options)
    {
        _budget = RateBudget.Acquire(options.BaseUri, options.ApiKey, options.Settings.MaxRequestsPerMinute);
        _maxRetryWait = options.Settings.MaxRetryWait;
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
                    using (await state.Policy._budget.TakeAsync(ctx.CancellationToken).ConfigureAwait(false)) { }
                    try { return await state.Attempt(ctx.CancellationToken).ConfigureAwait(false); }
                    catch (PartooApiException ex) when (ex.StatusCode == 429)
                    {
                        state.Policy._budget.Pause(Capped(ex.RetryAfter ?? TimeSpan.Zero, state.Policy._maxRetryWait));
                        throw;
                    }
                },
                context, (Policy: this, Attempt: attempt)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static ResiliencePipeline BuildRetry(PartooClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.Settings.MaxRetryAttempts <= 0) return builder.Build();
        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.Settings.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.Settings.RetryBaseDelay,
            MaxDelay = options.Settings.MaxRetryWait,
            ShouldHandle = args => new ValueTask<bool>(
                args.Outcome.Exception is PartooApiException ex && IsTransient(ex, args.Context.Properties.GetValue(Idempotent, true))),
            // After a 429 with Retry-After the shared budget holds the pause (see ExecuteAsync), so the
            // retry waits there, told about like every other budget wait.
            DelayGenerator = args => new ValueTask<TimeSpan?>(
                args.Outcome.Exception is PartooApiException { StatusCode: 429, RetryAfter: TimeSpan } ? TimeSpan.Zero : null),
            OnRetry = args =>
            {
                if (args.Outcome.Exception is PartooApiException ex)
                {
                    var delay = ex is { StatusCode: 429, RetryAfter: TimeSpan wait } ? Capped(wait, options.Settings.MaxRetryWait) : args.RetryDelay;
                    RequestObserver.Current?.RetryScheduled(new RetryNotice(ex, args.AttemptNumber + 1, options.Settings.MaxRetryAttempts, delay));
                }
                return default;
            },
        }).Build();
    }

    private static TimeSpan Capped(TimeSpan wait, TimeSpan max) => wait > max ? max : wait;

    /// <summary>Worth another attempt: Partoo did not process it (429, connection refused), or it may be repeated safely.</summary>
    public static bool IsTransient(PartooApiException ex, bool idempotent)
    {
        if (ex.StatusCode == 429) return true;
        return ex.Failure switch
        {
            PartooFailure.Network => idempotent || ex.ConnectionRefused,
            PartooFailure.Timeout => idempotent,
            PartooFailure.HttpStatus => idempotent && ex.StatusCode is 502 or 503 or 504,
            _ => false,
        };
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _budget.Release();
    }
}
