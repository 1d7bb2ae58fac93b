using System;

namespace PartooKeys.Http;

/// <summary>An answer larger than the cap: reading stopped there.</summary>
internal sealed class AnswerTooLargeException : Exception
{
    public AnswerTooLargeException() : base("The answer is larger than the cap.") { }
}
