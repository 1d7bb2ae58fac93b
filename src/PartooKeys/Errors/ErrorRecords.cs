using System;
using System.Management.Automation;

namespace PartooKeys.Errors;

/// <summary>
/// Turns failures into ErrorRecords. ErrorIds are the cmdlet's Verb+Noun followed by a reason
/// (e.g. GetPartooApiKeyNotFound) from the <see cref="ErrorReason"/> catalogue.
/// </summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(PartooCmdletException ex, string verbNoun) =>
        Build(ex, verbNoun + ex.Reason.Name, ex.Category, ex.Target, ex.Message, ex.RecommendedAction);

    /// <param name="subject">What the request was about, e.g. "API key 42", to name it in the message.</param>
    public static ErrorRecord From(PartooApiException ex, string verbNoun, object? target, string? subject = null)
    {
        var (reason, action) = Classify(ex, subject);
        var message = subject is not null && ex.StatusCode == 404 ? $"{subject} was not found. {ex.Message}" : subject is not null ? $"{subject}: {ex.Message}" : ex.Message;
        return Build(ex, verbNoun + reason.Name, reason.Category, target, message, action);
    }

    /// <summary>A key of a listing that cannot be read: reported alone (non-terminating), the other keys still come out.</summary>
    public static ErrorRecord From(UnreadableApiKey key, string verbNoun) =>
        Build(new InvalidOperationException(DisplayText.Escape(key.ToString())), verbNoun + ErrorReason.InvalidKey.Name, ErrorReason.InvalidKey.Category, key.Id,
            key + " The other keys of the listing are written.", ErrorReason.InvalidKey.Action);

    /// <summary>The reason of a failed request, and its recommended action.</summary>
    private static (ErrorReason Reason, string Action) Classify(PartooApiException ex, string? subject)
    {
        var reason = ex.Failure switch
        {
            PartooFailure.Timeout => ErrorReason.Timeout,
            PartooFailure.Network => ErrorReason.ConnectionFailed,
            PartooFailure.Redirected => ErrorReason.Redirected,
            PartooFailure.AnswerTooLarge => ErrorReason.AnswerTooLarge,
            PartooFailure.InvalidKey => ErrorReason.InvalidKey,
            PartooFailure.InvalidAnswer => ErrorReason.InvalidAnswer,
            _ => null,
        };
        if (reason is not null) return (reason, reason.Action);

        reason = (ex.StatusCode ?? 0) switch
        {
            400 => ErrorReason.InvalidArgument,
            401 => ErrorReason.Unauthorized,
            403 => ErrorReason.Forbidden,
            407 => ErrorReason.ProxyAuthenticationRequired,
            404 => ErrorReason.NotFound,
            415 => ErrorReason.UnsupportedMediaType,
            429 => ErrorReason.RateLimited,
            >= 500 => ErrorReason.ServerError,
            _ => ErrorReason.HttpError,
        };
        var action = reason == ErrorReason.NotFound && subject is not null ? "Check the id; Get-PartooApiKey lists the keys you can see."
            : reason == ErrorReason.RateLimited && ex.RetryAfter is TimeSpan wait
                ? $"Partoo allows {PartooSettings.PartooRequestsPerMinute} requests a minute per organisation. Wait {Math.Ceiling(wait.TotalSeconds)} s and retry."
                : reason.Action;
        return (reason, action);
    }

    private static ErrorRecord Build(Exception ex, string errorId, ErrorCategory category, object? target, string message, string action) =>
        new(ex, errorId, category, target)
        {
            // What the user reads is rendered text: control characters shown visibly (DisplayText).
            ErrorDetails = new ErrorDetails(DisplayText.Escape(message)) { RecommendedAction = DisplayText.Escape(action) },
        };
}
