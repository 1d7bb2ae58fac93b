using System;
using System.Management.Automation;

namespace PartooKeys.Errors;

/// <summary>
/// Turns failures into ErrorRecords. ErrorIds are the cmdlet's Verb+Noun followed by a reason
/// (e.g. GetPartooApiKeyNotFound); the reasons are listed in about_PartooKeys.
/// </summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(PartooCmdletException ex, string verbNoun) =>
        Build(ex, verbNoun + ex.Reason, ex.Category, ex.Target, ex.Message, ex.RecommendedAction);

    /// <param name="subject">What the request was about, e.g. "API key 42", to name it in the message.</param>
    public static ErrorRecord From(PartooApiException ex, string verbNoun, object? target, string? subject = null)
    {
        var (reason, category, action) = Classify(ex, subject);
        var message = subject is not null && ex.StatusCode == 404 ? $"{subject} was not found. {ex.Message}" : subject is not null ? $"{subject}: {ex.Message}" : ex.Message;
        return Build(ex, verbNoun + reason, category, target, message, action);
    }

    private const string InvalidKeyAction =
        "Partoo sent this key in a form PartooKeys cannot read (the message names the field). The other keys are not affected. Check the key in Partoo's web app, or report the answer to Partoo; run the command again once it is fixed.";

    /// <summary>A key of a listing that cannot be read: reported alone (non-terminating), the other keys still come out.</summary>
    public static ErrorRecord From(UnreadableApiKey key, string verbNoun) =>
        Build(new InvalidOperationException(DisplayText.Escape(key.ToString())), verbNoun + "InvalidKey", ErrorCategory.InvalidData, key.Id,
            key + " The other keys of the listing are written.", InvalidKeyAction);

    private static (string Reason, ErrorCategory Category, string Action) Classify(PartooApiException ex, string? subject)
    {
        switch (ex.Failure)
        {
            case PartooFailure.Timeout:
                return ("Timeout", ErrorCategory.OperationTimeout, "Retry later, or allow more time with Connect-Partoo -TimeoutSec <seconds>.");
            case PartooFailure.Network:
                return ("ConnectionFailed", ErrorCategory.ConnectionError, "Check the network, any proxy, and the address Get-PartooConnection shows; then retry.");
            case PartooFailure.Redirected:
                return ("Redirected", ErrorCategory.SecurityError, "PartooKeys never follows a redirect, so the key reached no other host. Check that Get-PartooConnection shows Partoo's API address (https://api.partoo.co/v2 or the Sandbox); if a gateway moved, connect again with its new address (Connect-Partoo -BaseUri).");
            case PartooFailure.AnswerTooLarge:
                return ("AnswerTooLarge", ErrorCategory.InvalidResult, "A page of keys is far below 1 MB: the address may not be Partoo's API. Check the address Get-PartooConnection shows, then retry.");
            case PartooFailure.InvalidKey:
                return ("InvalidKey", ErrorCategory.InvalidData, InvalidKeyAction);
            case PartooFailure.InvalidAnswer:
                return ("InvalidAnswer", ErrorCategory.InvalidResult, "The answer is not what Partoo documents. Check that Get-PartooConnection shows Partoo's API address, then retry.");
        }

        var status = ex.StatusCode ?? 0;
        return status switch
        {
            400 => ("InvalidArgument", ErrorCategory.InvalidArgument, "Correct the values Partoo names in the message and run the command again."),
            401 => ("Unauthorized", ErrorCategory.AuthenticationError, "Partoo does not accept the key. Store a valid key (Set-Secret -Name PartooApiKey -Secret (Read-Host -AsSecureString 'Partoo API key')) and run Connect-Partoo again; Get-PartooConnection shows where the key came from."),
            403 => ("Forbidden", ErrorCategory.PermissionDenied, "The key's user may not do this. Connect with a key of a user allowed to manage API keys (e.g. an ORG_ADMIN), or ask your Partoo administrator for the right."),
            407 => ("ProxyAuthenticationRequired", ErrorCategory.AuthenticationError, "The proxy wants credentials. Connect again with Connect-Partoo -Proxy <address> -ProxyCredential (Get-Credential), or -ProxyUseDefaultCredentials to sign in to it as the current user."),
            404 => ("NotFound", ErrorCategory.ObjectNotFound, subject is null ? "Check the address Get-PartooConnection shows." : "Check the id; Get-PartooApiKey lists the keys you can see."),
            415 => ("UnsupportedMediaType", ErrorCategory.InvalidData, "Partoo refused the request's content type. Please report this as a PartooKeys bug."),
            429 => ("RateLimited", ErrorCategory.LimitsExceeded, ex.RetryAfter is TimeSpan wait
                ? $"Partoo allows {PartooSettings.PartooRequestsPerMinute} requests a minute per organisation. Wait {Math.Ceiling(wait.TotalSeconds)} s and retry."
                : $"Partoo allows {PartooSettings.PartooRequestsPerMinute} requests a minute per organisation. Wait a minute and retry."),
            >= 500 => ("ServerError", ErrorCategory.ResourceUnavailable, "Partoo, or a gateway in front of it, failed. Retry later."),
            _ => ("HttpError", ErrorCategory.NotSpecified, "Retry later; if it persists, report it with the message above."),
        };
    }

    private static ErrorRecord Build(Exception ex, string errorId, ErrorCategory category, object? target, string message, string action) =>
        new(ex, errorId, category, target)
        {
            // What the user reads is rendered text: control characters shown visibly (DisplayText).
            ErrorDetails = new ErrorDetails(DisplayText.Escape(message)) { RecommendedAction = DisplayText.Escape(action) },
        };
}
