using System;

namespace PartooKeys.Bulk;

/// <summary>One write of a window, handed back in input order.</summary>
public sealed class WriteOutcome<TTag, TResult>
{
    internal WriteOutcome(long position, TTag tag, WriteOutcomeKind kind, TResult? result, Exception? error)
    {
        Position = position;
        Tag = tag;
        Kind = kind;
        Result = result;
        Error = error;
    }

    /// <summary>0-based position in the input.</summary>
    public long Position { get; }

    /// <summary>What the caller gave with the write (the key, its description...).</summary>
    public TTag Tag { get; }

    public WriteOutcomeKind Kind { get; }
    public TResult? Result { get; }
    public Exception? Error { get; }
}
