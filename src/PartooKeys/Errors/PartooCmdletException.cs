using System;
using System.Management.Automation;

namespace PartooKeys.Errors;

/// <summary>
/// A failure found by the module itself (bad input, no secret, no connection), with everything
/// an ErrorRecord needs: the reason (the ErrorId after the cmdlet's Verb+Noun, and the category),
/// what to do about it, and the object it concerns.
/// </summary>
internal sealed class PartooCmdletException : Exception
{
    /// <param name="recommendedAction">A more specific action than the reason's own; null for the reason's.</param>
    public PartooCmdletException(ErrorReason reason, string message, string? recommendedAction = null, object? target = null, Exception? inner = null)
        : base(DisplayText.Escape(message), inner)
    {
        Reason = reason;
        RecommendedAction = DisplayText.Escape(recommendedAction ?? reason.Action)!;
        Target = target;
    }

    public ErrorReason Reason { get; }
    public ErrorCategory Category => Reason.Category;
    public string RecommendedAction { get; }
    public object? Target { get; }

    /// <summary>The same failure, named for one input of many (a CSV row, a piped object), which is skipped.</summary>
    public PartooCmdletException InInput(string input) =>
        new(Reason, $"In {input}: {Message} Nothing was sent for it.", RecommendedAction, Target, InnerException);

    /// <summary>The same failure, prefixed with what it concerns ("API key 1011 'Reports': ..."), when the message does not say.</summary>
    public PartooCmdletException About(string subject) =>
        new(Reason, $"{subject}: {Message}", RecommendedAction, Target, InnerException);
}
