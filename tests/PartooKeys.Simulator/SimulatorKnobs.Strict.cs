namespace PartooKeys.Simulator;

/// <summary>
/// Stricter readings of the contract, each off by default (see StrictModes.cs): what Partoo may also do where
/// the contract is silent or documents two forms.
/// </summary>
public sealed partial class SimulatorKnobs
{
    private bool _pluralErrors;
    private bool _nullEmptyArrays;
    private bool _rejectRetiredPermissions;
    private bool _rejectLeadingZeroIps;
    private string? _todayTimeZone;

    /// <summary>True: every error body is written with the 2021 reference's plural <c>errors</c> (as the 415 always is).</summary>
    public bool PluralErrors { get { lock (_sync) { return _pluralErrors; } } set { lock (_sync) { _pluralErrors = value; } } }

    /// <summary>True: a key's empty <c>ip_whitelist</c> or <c>permissions</c> array is written as <c>null</c>.</summary>
    public bool NullEmptyArrays { get { lock (_sync) { return _nullEmptyArrays; } } set { lock (_sync) { _nullEmptyArrays = value; } } }

    /// <summary>True: a POST/PUT body naming a retired permission (<see cref="KnownPermissions.Retired"/>) is a 400 field error on <c>permissions</c>.</summary>
    public bool RejectRetiredPermissions { get { lock (_sync) { return _rejectRetiredPermissions; } } set { lock (_sync) { _rejectRetiredPermissions = value; } } }

    /// <summary>True: an ip_whitelist entry with a leading zero in an IPv4 part or a CIDR prefix ("010.0.0.1", "10.0.0.0/08") is a 400 field error.</summary>
    public bool RejectLeadingZeroIps { get { lock (_sync) { return _rejectLeadingZeroIps; } } set { lock (_sync) { _rejectLeadingZeroIps = value; } } }

    /// <summary>
    /// The time zone (IANA or Windows id) whose date is the server's "today" (expiry, "at least tomorrow", status
    /// filters); null = UTC.
    /// </summary>
    public string? TodayTimeZone
    {
        get { lock (_sync) { return _todayTimeZone; } }
        set
        {
            if (value is not null) { _ = TimeZoneInfo.FindSystemTimeZoneById(value); } // an unknown id is refused when set
            lock (_sync) { _todayTimeZone = value; }
        }
    }
}
