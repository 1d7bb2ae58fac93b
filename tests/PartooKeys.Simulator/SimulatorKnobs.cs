namespace PartooKeys.Simulator;

/// <summary>
/// Behaviour switches, readable and writable at any time from any thread. Scalars are
/// read atomically per request. For <see cref="Faults"/> and <see cref="ForbiddenIds"/>, mutate the
/// collection between requests, or assign a new collection (atomic) while requests are in flight.
/// </summary>
public sealed partial class SimulatorKnobs
{
    private readonly object _sync = new();
    private TimeSpan _latency;
    private bool _zeroBasedPages;
    private bool _includeSecretInCreateAnswer;
    private int _rateLimitPerMinute = 300;
    private bool _revokeAlreadyRevokedIsError;
    private bool _rejectPageBelowFirst;
    private List<FaultRule> _faults = new();
    private HashSet<int> _forbiddenIds = new();
    private Func<RecordedRequest, (int status, string contentType, string body)?>? _override;

    /// <summary>Delay added before every answer (faults included). Default zero.</summary>
    public TimeSpan Latency { get { lock (_sync) { return _latency; } } set { lock (_sync) { _latency = value; } } }

    /// <summary>False (default): page 1 is the first page. True: page 0 is first and max_page is the last index.</summary>
    public bool ZeroBasedPages { get { lock (_sync) { return _zeroBasedPages; } } set { lock (_sync) { _zeroBasedPages = value; } } }

    /// <summary>When true, the POST /api_keys answer carries "api_key": "&lt;new secret&gt;".</summary>
    public bool IncludeSecretInCreateAnswer { get { lock (_sync) { return _includeSecretInCreateAnswer; } } set { lock (_sync) { _includeSecretInCreateAnswer = value; } } }

    /// <summary>
    /// Authenticated requests allowed per fixed 60 s window (all callers together); default 300.
    /// 0 or less disables the limit.
    /// </summary>
    public int RateLimitPerMinute { get { lock (_sync) { return _rateLimitPerMinute; } } set { lock (_sync) { _rateLimitPerMinute = value; } } }

    /// <summary>False (default): revoking a revoked key answers success again. True: 400 "API key already revoked".</summary>
    public bool RevokeAlreadyRevokedIsError { get { lock (_sync) { return _revokeAlreadyRevokedIsError; } } set { lock (_sync) { _revokeAlreadyRevokedIsError = value; } } }

    /// <summary>
    /// Extra knob (contract silent): what GET /api_keys does with a page number below the first page
    /// (0 or negative when 1-based, negative when 0-based). False (default): answers the first page
    /// and echoes the first page's number in "page". True: 400 field error on "page".
    /// </summary>
    public bool RejectPageBelowFirst { get { lock (_sync) { return _rejectPageBelowFirst; } } set { lock (_sync) { _rejectPageBelowFirst = value; } } }

    /// <summary>Fault rules, evaluated in list order. Assigning null sets an empty list.</summary>
    public List<FaultRule> Faults { get { lock (_sync) { return _faults; } } set { lock (_sync) { _faults = value ?? new(); } } }

    /// <summary>GET/PUT/revoke of these ids answer 403 (even when the id does not exist).</summary>
    public HashSet<int> ForbiddenIds { get { lock (_sync) { return _forbiddenIds; } } set { lock (_sync) { _forbiddenIds = value ?? new(); } } }

    /// <summary>
    /// Called for every request after the latency; a non-null result is answered verbatim
    /// (before faults, auth, rate limit and routing; no state change).
    /// </summary>
    public Func<RecordedRequest, (int status, string contentType, string body)?>? Override { get { lock (_sync) { return _override; } } set { lock (_sync) { _override = value; } } }
}
