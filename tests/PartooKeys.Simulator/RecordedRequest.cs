namespace PartooKeys.Simulator;

/// <summary>One request as the simulator received it, and the status it answered.</summary>
public sealed class RecordedRequest
{
    private int _statusCode;

    internal RecordedRequest(
        string method,
        string path,
        string query,
        IReadOnlyDictionary<string, string> queryValues,
        string? body,
        string? contentType,
        string? apiKeyHeader,
        string? userAgent)
    {
        Method = method;
        Path = path;
        Query = query;
        QueryValues = queryValues;
        Body = body;
        ContentType = contentType;
        ApiKeyHeader = apiKeyHeader;
        UserAgent = userAgent;
    }

    /// <summary>HTTP method, upper case as sent (e.g. "GET").</summary>
    public string Method { get; }

    /// <summary>Decoded request path, e.g. "/v2/api_keys/12".</summary>
    public string Path { get; }

    /// <summary>Raw query string including the leading '?', e.g. "?page=1&amp;per_page=100"; "" when none.</summary>
    public string Query { get; }

    /// <summary>
    /// Decoded query values, keys compared ordinally (case-sensitive, like the real server).
    /// A parameter sent several times keeps its values joined with ",".
    /// </summary>
    public IReadOnlyDictionary<string, string> QueryValues { get; }

    /// <summary>Request body as UTF-8 text; null when the request had no body.</summary>
    public string? Body { get; }

    /// <summary>The Content-Type header, or null.</summary>
    public string? ContentType { get; }

    /// <summary>The x-APIKey header, or null.</summary>
    public string? ApiKeyHeader { get; }

    /// <summary>The User-Agent header, or null.</summary>
    public string? UserAgent { get; }

    /// <summary>
    /// The status the simulator answered; 0 for a reset or hung request, or while the request
    /// is still being handled (it is set before the answer's first byte is written).
    /// </summary>
    public int StatusCode
    {
        get => Volatile.Read(ref _statusCode);
        internal set => Volatile.Write(ref _statusCode, value);
    }

    /// <summary>When the simulator had read the request (its headers and body), on the <see cref="System.Diagnostics.Stopwatch"/> clock.</summary>
    public long ReceivedTimestamp { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>When the answer's body was handed to the server for sending (Stopwatch clock); 0 while not answered.</summary>
    public long AnsweredTimestamp
    {
        get => Volatile.Read(ref _answeredTimestamp);
        internal set => Volatile.Write(ref _answeredTimestamp, value);
    }

    private long _answeredTimestamp;

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path}{Query} -> {StatusCode}";
}
