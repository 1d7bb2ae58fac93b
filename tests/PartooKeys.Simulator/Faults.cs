namespace PartooKeys.Simulator;

/// <summary>What a <see cref="FaultRule"/> does to a request it fires on.</summary>
public enum FaultKind
{
    /// <summary>503 with an HTML (nginx-style) body.</summary>
    Html503,

    /// <summary>502 with an HTML body.</summary>
    Html502,

    /// <summary>504 with an HTML body.</summary>
    Html504,

    /// <summary>Abort the connection (HttpContext.Abort()); no HTTP answer at all.</summary>
    Reset,

    /// <summary>429 with the rate-limit JSON body.</summary>
    RateLimit429,

    /// <summary>
    /// Hold the request until the test releases it (control <c>POST /_simulator/release</c>: then it is answered as Partoo
    /// would), the client aborts it, or the simulator is disposed.
    /// </summary>
    Hang,

    /// <summary>500 with an empty body and no Content-Type.</summary>
    EmptyBody500,

    /// <summary>Hostile: 307 to <see cref="FaultRule.Location"/> (another host), as a gateway that moved would.</summary>
    Redirect307,

    /// <summary>Hostile: 301 to <see cref="FaultRule.Location"/>.</summary>
    Redirect301,

    /// <summary>Hostile: 401 whose JSON message repeats the x-APIKey it was sent.</summary>
    EchoKey401,

    /// <summary>Hostile: 502 HTML page dumping the request's headers (x-APIKey included) and query.</summary>
    HeaderDump502,

    /// <summary>Hostile: 200 with a chunked body that never ends (until the client gives up).</summary>
    EndlessBody,

    /// <summary>Apply the request as Partoo would (a create makes its key, a PUT changes, a revoke revokes), then abort the connection: the answer is lost.</summary>
    ApplyThenReset,
}

/// <summary>
/// Injects a fault into every <see cref="EveryNth"/>-th request that matches the rule.
/// Counting is per rule, over the requests that match it (whether or not they were faulted).
/// A faulted request never changes server state (except <see cref="FaultKind.ApplyThenReset"/>, and a released
/// <see cref="FaultKind.Hang"/>) and does not count against the rate limit.
/// </summary>
public sealed class FaultRule
{
    /// <summary>What to do.</summary>
    public FaultKind Kind { get; set; }

    /// <summary>1-based: fires on the Nth, 2Nth, ... matching request. Values below 1 act as 1.</summary>
    public int EveryNth { get; set; } = 1;

    /// <summary>
    /// Ordinal substring matched against path + raw query (e.g. "/revoke/" or "page=2"); null = any.
    /// </summary>
    public string? PathContains { get; set; }

    /// <summary>HTTP method (case-insensitive); null = any.</summary>
    public string? Method { get; set; }

    /// <summary>
    /// Sends <c>Retry-After: &lt;seconds&gt;</c> with the fault (any kind that answers).
    /// Wins over <see cref="RetryAfterHttpDate"/> when both are set.
    /// For <see cref="FaultKind.RateLimit429"/> with neither set, NO Retry-After header is sent.
    /// </summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Sends this text verbatim as the Retry-After header (e.g. an RFC 1123 date).</summary>
    public string? RetryAfterHttpDate { get; set; }

    /// <summary>Where Redirect307/Redirect301 point.</summary>
    public string? Location { get; set; }

    /// <summary>Stop firing after this many faults; null = unlimited.</summary>
    public int? MaxTimes { get; set; }

    /// <summary>How many requests matched this rule so far.</summary>
    public int MatchCount { get; internal set; }

    /// <summary>How many times this rule fired.</summary>
    public int TimesFired { get; internal set; }

    internal bool Matches(RecordedRequest request)
    {
        if (Method is not null && !string.Equals(Method, request.Method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return PathContains is null || (request.Path + request.Query).Contains(PathContains, StringComparison.Ordinal);
    }

    /// <summary>Counts the request (it matched) and tells whether the rule is due to fire.</summary>
    internal bool CountAndCheckDue()
    {
        MatchCount++;
        var nth = Math.Max(1, EveryNth);
        return MatchCount % nth == 0 && (MaxTimes is null || TimesFired < MaxTimes.Value);
    }

    internal string? RetryAfterHeader =>
        RetryAfterSeconds is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : RetryAfterHttpDate;

    /// <inheritdoc />
    public override string ToString() => $"{Kind} every {EveryNth} ({Method ?? "*"} {PathContains ?? "*"})";
}
