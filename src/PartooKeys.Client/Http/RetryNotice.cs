using System;

namespace PartooKeys.Http;

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
            _ => Cause.ConnectionRefused ? "could not reach Partoo" : "failed on the network",
        };
        return $"{Cause.Method} {Cause.Path} {why}; retry {Attempt} of {MaxAttempts} in {Delay.TotalSeconds:0.##} s.";
    }
}
