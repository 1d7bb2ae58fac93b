namespace PartooKeys.Bulk;

/// <summary>How one write of a window ended.</summary>
public enum WriteOutcomeKind
{
    /// <summary>Partoo answered and the write succeeded.</summary>
    Succeeded,

    /// <summary>The write failed with an error (an HTTP status, a timeout, an unreadable answer...).</summary>
    Failed,

    /// <summary>Cancelled after a request that may change the key was sent: it may or may not have happened.</summary>
    Unknown,

    /// <summary>Cancelled before any request that may change the key was sent: nothing changed.</summary>
    NotSent,
}
