using System;

namespace PartooKeys.Http;

/// <summary>One finished HTTP exchange, as it may be shown to a user (no key, secret query values redacted).</summary>
public sealed class RequestRecord
{
    public RequestRecord(string method, string displayPath, int? statusCode, TimeSpan elapsed, string? failure)
    {
        Method = method;
        DisplayPath = displayPath;
        StatusCode = statusCode;
        Elapsed = elapsed;
        Failure = failure;
    }

    public string Method { get; }
    public string DisplayPath { get; }
    public int? StatusCode { get; }
    public TimeSpan Elapsed { get; }
    public string? Failure { get; }

    public override string ToString() =>
        $"{Method} {DisplayPath} -> {(StatusCode?.ToString() ?? Failure ?? "no answer")} in {(long)Elapsed.TotalMilliseconds} ms";
}
