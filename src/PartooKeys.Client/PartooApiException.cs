using System;
using System.Collections.Generic;
using System.Linq;

namespace PartooKeys;

/// <summary>
/// The one exception the client throws for a failed call. It carries the HTTP status, method and
/// path (with secret-bearing query values redacted), and Partoo's own message. Never the key.
/// </summary>
public sealed class PartooApiException : Exception
{
    public PartooApiException(
        PartooFailure failure, string method, string path, int? statusCode, string? reasonPhrase,
        string? serverMessage, IReadOnlyList<string>? fieldErrors, string? nonJsonExcerpt, string? nonJsonMediaType,
        TimeSpan? retryAfter, Exception? inner = null)
        : base(DisplayText.Escape(Compose(failure, method, path, statusCode, reasonPhrase, serverMessage, fieldErrors, nonJsonExcerpt, nonJsonMediaType, inner)), inner)
    {
        Failure = failure;
        Method = method;
        Path = path;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        FieldErrors = fieldErrors ?? Array.Empty<string>();
        NonJsonExcerpt = nonJsonExcerpt;
        RetryAfter = retryAfter;
    }

    public PartooFailure Failure { get; }
    public string Method { get; }
    /// <summary>Path and query as sent, with search_text and similar values redacted.</summary>
    public string Path { get; }
    public int? StatusCode { get; }
    /// <summary>Partoo's message, from either body shape ("error" or "errors", string or field map).</summary>
    public string? ServerMessage { get; }
    /// <summary>Field-level messages ("field: message") from a 400 answer.</summary>
    public IReadOnlyList<string> FieldErrors { get; }
    /// <summary>A short excerpt of a body that was not JSON (an HTML page from a gateway), or null.</summary>
    public string? NonJsonExcerpt { get; }
    public TimeSpan? RetryAfter { get; }

    /// <summary>Partoo was never reached: the connection was refused, so the request was not processed.</summary>
    public bool ConnectionRefused => IsRefused(InnerException);

    private static bool IsRefused(Exception? error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
            if (inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused }) return true;
        return false;
    }

    /// <summary>
    /// The request may have been carried out although no answer says so: the connection failed after it was
    /// sent (not refused), no answer came in time, a gateway answered 502/504, or Partoo answered success with a body
    /// PartooKeys cannot read. A 503, a 4xx and a 429 mean not processed.
    /// </summary>
    public bool OutcomeUnknown => Failure switch
    {
        PartooFailure.Network => !ConnectionRefused,
        PartooFailure.Timeout => true,
        PartooFailure.HttpStatus => StatusCode is 502 or 504,
        PartooFailure.InvalidAnswer or PartooFailure.InvalidKey or PartooFailure.AnswerTooLarge => StatusCode is >= 200 and < 300,
        _ => false,
    };

    /// <summary>Partoo's 400 for a revoke of a key that is revoked already.</summary>
    public bool IsAlreadyRevoked =>
        StatusCode == 400 && new[] { ServerMessage }.Concat(FieldErrors).Any(m => m?.IndexOf("already", StringComparison.OrdinalIgnoreCase) >= 0);

    private static string Compose(
        PartooFailure failure, string method, string path, int? status, string? reason, string? serverMessage,
        IReadOnlyList<string>? fieldErrors, string? excerpt, string? mediaType, Exception? inner)
    {
        var request = $"{method} {path}";
        switch (failure)
        {
            case PartooFailure.Timeout:
                return $"{request} got no answer in time.";
            case PartooFailure.Network:
                return IsRefused(inner)
                    ? $"{request} could not reach Partoo: {inner?.GetBaseException().Message}"
                    : $"{request} failed on the network (Partoo may or may not have received it): {inner?.GetBaseException().Message}";
            case PartooFailure.InvalidAnswer when excerpt is not null:
                return $"{request} answered {status} with a body that is not JSON ({mediaType ?? "no content type"}): \"{excerpt}\"";
            case PartooFailure.InvalidAnswer:
                return $"{request} answered {status} with a body PartooKeys cannot read: {serverMessage}";
            case PartooFailure.InvalidKey:
                return $"{request} answered {status} with a key PartooKeys cannot read. {serverMessage}";
            case PartooFailure.Redirected:
            case PartooFailure.AnswerTooLarge:
                return $"{request} answered {status}. {serverMessage}";
        }

        var text = $"{request} failed: {status} {reason}".TrimEnd() + ".";
        if (fieldErrors is { Count: > 0 }) text += " Partoo says: " + string.Join("; ", fieldErrors) + ".";
        else if (serverMessage is { Length: > 0 }) text += $" Partoo says: {serverMessage.TrimEnd('.')}.";
        else if (excerpt is not null) text += $" The answer was not JSON ({mediaType ?? "no content type"}): \"{excerpt}\"";
        return text;
    }

    internal static string Excerpt(string body, int max = 160)
    {
        var withoutTags = System.Text.RegularExpressions.Regex.Replace(body, "<[^>]*>", " ");
        var collapsed = string.Join(" ", withoutTags.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length == 0) collapsed = body.Trim();
        return collapsed.Length <= max ? collapsed : collapsed.Substring(0, max) + "...";
    }

}
