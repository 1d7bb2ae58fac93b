namespace PartooKeys.Simulator;

/// <summary>What a hostile or broken gateway in front of Partoo does (see HostileModes.cs).</summary>
public enum HostileMode
{
    /// <summary>Nothing: the simulator answers as Partoo.</summary>
    None,
    /// <summary>301 to <see cref="SimulatorKnobs.HostileLocation"/> (default: the Elsewhere listener, same path and query).</summary>
    Redirect301,
    /// <summary>302, as Redirect301.</summary>
    Redirect302,
    /// <summary>307, as Redirect301.</summary>
    Redirect307,
    /// <summary>308, as Redirect301.</summary>
    Redirect308,
    /// <summary>400 whose JSON field errors name and repeat the x-APIKey and search_text sent.</summary>
    EchoKey400,
    /// <summary>401 whose JSON message repeats the x-APIKey sent.</summary>
    EchoKey401,
    /// <summary>401 whose JSON message repeats the key \u-escaped (decoded by a JSON reader) and URL-encoded.</summary>
    EchoKeyEscaped401,
    /// <summary>502 HTML page dumping the request headers (x-APIKey included, also HTML-escaped) and query.</summary>
    HeaderDump502,
    /// <summary>200 with a chunked JSON body that never ends.</summary>
    EndlessBody,
    /// <summary>200 announcing a Content-Length of 1 GB (and sending until the client gives up).</summary>
    HugeContentLength,
}

public sealed partial class SimulatorKnobs
{
    private HostileMode _hostile;
    private string? _hostilePathContains;
    private string? _hostileLocation;
    private Dictionary<int, string> _malformedKeys = new();

    /// <summary>A hostile gateway's behaviour, for every /v2 request (or those <see cref="HostilePathContains"/> selects).</summary>
    public HostileMode Hostile { get { lock (_sync) { return _hostile; } } set { lock (_sync) { _hostile = value; } } }

    /// <summary>Ordinal substring of path + query a request must contain for <see cref="Hostile"/> to act; null = every request.</summary>
    public string? HostilePathContains { get { lock (_sync) { return _hostilePathContains; } } set { lock (_sync) { _hostilePathContains = value; } } }

    /// <summary>Where the redirect modes point; null = the simulator's Elsewhere listener (another port), same path and query.</summary>
    public string? HostileLocation { get { lock (_sync) { return _hostileLocation; } } set { lock (_sync) { _hostileLocation = value; } } }

    /// <summary>
    /// Keys sent malformed (in listings and reads by id), by id: "BadDate" (expiration_date "2026-13-45"),
    /// "BadTimestamp" (created_at "yesterday"), "WrongType" (label 42, permissions "all"), "NoId" (no id field).
    /// </summary>
    public Dictionary<int, string> MalformedKeys { get { lock (_sync) { return _malformedKeys; } } set { lock (_sync) { _malformedKeys = value ?? new(); } } }
}
