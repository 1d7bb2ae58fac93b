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
                return $"{request} could not reach Partoo: {inner?.GetBaseException().Message}";
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
