namespace PartooKeys;

/// <summary>What went wrong with a call to Partoo.</summary>
public enum PartooFailure
{
    /// <summary>Partoo answered with an HTTP error status.</summary>
    HttpStatus,
    /// <summary>No answer: connection refused, reset, DNS, TLS.</summary>
    Network,
    /// <summary>No answer within the request timeout.</summary>
    Timeout,
    /// <summary>A success status whose body cannot be read as the documented object.</summary>
    InvalidAnswer,
    /// <summary>A 3xx answer: redirects are never followed, so the key reaches no other host.</summary>
    Redirected,
    /// <summary>A key in a success answer that cannot be read (a field of the wrong type or form, no id); the message names the id and field.</summary>
    InvalidKey,
    /// <summary>An answer larger than the client's cap (PartooClientOptions.MaxAnswerBytes), stopped while reading.</summary>
    AnswerTooLarge,
}
