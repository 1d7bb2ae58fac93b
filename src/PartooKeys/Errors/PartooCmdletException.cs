using System;
using System.Management.Automation;

namespace PartooKeys.Errors;

/// <summary>
/// A failure found by the module itself (bad input, no secret, no connection), with everything
/// an ErrorRecord needs: the reason (the ErrorId after the cmdlet's Verb+Noun), a category,
/// what to do about it, and the object it concerns.
/// </summary>
internal sealed class PartooCmdletException : Exception
{
    public PartooCmdletException(string reason, ErrorCategory category, string message, string recommendedAction, object? target = null, Exception? inner = null)
        : base(DisplayText.Escape(message), inner)
    {
        Reason = reason;
        Category = category;
        RecommendedAction = DisplayText.Escape(recommendedAction)!;
        Target = target;
    }

    public string Reason { get; }
    public ErrorCategory Category { get; }
    public string RecommendedAction { get; }
    public object? Target { get; }

    /// <summary>The same failure, named for one input of many (a CSV row, a piped object), which is skipped.</summary>
    public PartooCmdletException InInput(string input) =>
        new(Reason, Category, $"In {input}: {Message} Nothing was sent for it.", RecommendedAction, Target, InnerException);
}
