using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using PartooKeys.Changes;
using PartooKeys.Commands;
using PartooKeys.Errors;

namespace PartooKeys.Validation;

/// <summary>
/// Every check of what a user asks to send, before anything is sent. Each method returns the value
/// to send or throws a PartooCmdletException (InvalidArgument) naming the value and the rule.
/// </summary>
internal static class ApiKeyInput
{
    private static readonly Regex SnakeCase = new("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", RegexOptions.CultureInvariant);

    public static int Id(int id, string parameter = "Id") =>
        id > 0 ? id : throw Invalid(ErrorReason.InvalidId, id,
            $"-{parameter} {id} is not a valid key id: an id is a positive integer.");

    public static string Label(string? label, string parameter = "Label") =>
        !string.IsNullOrWhiteSpace(label) ? label! : throw Invalid(ErrorReason.InvalidLabel, label,
            $"-{parameter} '{label}' is empty or only whitespace: a key needs a label to be told apart in Partoo.",
            $"Pass a short name, e.g. -{parameter} 'CRM sync'.");

    /// <summary>A name that is not blank, such as a secret or vault name; <paramref name="reason"/> names the parameter (InvalidSecretName).</summary>
    public static string Name(string? name, string parameter, ErrorReason reason) =>
        !string.IsNullOrWhiteSpace(name) ? name! : throw Invalid(reason, name,
            $"-{parameter} '{name}' is empty or only whitespace: a name is needed.",
            $"Pass a name, or leave -{parameter} out.");

    /// <summary>The furthest expiration PartooKeys sends; a key meant to live longer should have none (-NoExpiration).</summary>
    public const int MaxExpirationYears = 100;

    /// <summary>
    /// The date part of <paramref name="date"/> as given (time and time zone dropped); it must be at
    /// least tomorrow, UTC, and at most <see cref="MaxExpirationYears"/> years ahead.
    /// </summary>
    public static DateTime ExpirationDate(DateTime date, DateTime? todayUtc = null, string parameter = "ExpirationDate")
    {
        var tomorrow = (todayUtc ?? DateTime.UtcNow).Date.AddDays(1);
        var latest = tomorrow.AddDays(-1).AddYears(MaxExpirationYears);
        var day = DateTime.SpecifyKind(date.Date, DateTimeKind.Unspecified);
        if (day > latest)
            throw Invalid(ErrorReason.InvalidExpirationDate, date,
                $"-{parameter} {ChangeText.Day(day)} is more than {MaxExpirationYears} years ahead (after {ChangeText.Day(latest)}): that is a key without expiration in all but name.",
                $"Pass a nearer date, e.g. -{parameter} (Get-Date).AddYears(1), or use -NoExpiration for a key that does not expire.");
        if (day >= tomorrow) return day;
        throw Invalid(ErrorReason.InvalidExpirationDate, date,
            $"-{parameter} {ChangeText.Day(day)} is before {ChangeText.Day(tomorrow)}: Partoo requires an expiration date of at least tomorrow (UTC). The time of day is ignored.",
            $"Pass a date from {ChangeText.Day(tomorrow)} on, e.g. -{parameter} (Get-Date).AddDays(90). To end a key today, revoke it with Revoke-PartooApiKey.");
    }

    /// <summary>IP whitelist entries: each an IPv4 or IPv6 address, or a CIDR range with a valid prefix. An empty list lifts the restriction.</summary>
    public static IReadOnlyList<string> IpEntries(IEnumerable<string?>? entries, string parameter = "IpWhitelist")
    {
        if (entries is null)
            throw Invalid(ErrorReason.InvalidIpWhitelist, null,
                $"-{parameter} is $null: pass the addresses or CIDR ranges, or @() to lift the IP restriction.",
                $"Pass e.g. -{parameter} '203.0.113.7', '198.51.100.0/24', '2001:db8::/32'.");
        return Distinct(entries.Select(entry => IpEntry(entry, parameter)), Canonical);
    }

    public static string IpEntry(string? entry, string parameter = "IpWhitelist") =>
        IsIpEntry(entry) ? entry! : throw Invalid(ErrorReason.InvalidIpWhitelist, entry,
            $"-{parameter} entry '{entry}' is not a valid IP address or CIDR range: each entry must be an IPv4 address (203.0.113.7), an IPv6 address (2001:db8::1), or a range with a prefix of 0-32 (IPv4) or 0-128 (IPv6), without spaces, and without leading zeros in an IPv4 part or a prefix (010.0.0.1 reads as 10.0.0.1 to some systems and as 8.0.0.1 to others).{CommaHint(entry)}",
            $"Correct the entry, e.g. -{parameter} '198.51.100.0/24'.");

    public static bool IsIpEntry(string? entry) => TryParseEntry(entry, out _, out _);

    /// <summary>One spelling per entry, to compare entries: "2001:DB8:0::/32" and "2001:db8::/32" are the same range.</summary>
    public static string Canonical(string entry) =>
        TryParseEntry(entry, out var address, out var prefix)
            ? address + (prefix is int p ? "/" + p.ToString(CultureInfo.InvariantCulture) : string.Empty)
            : entry; // not an entry PartooKeys would send (e.g. read from Partoo): compared as written

    /// <summary>An address, or an address and a prefix; decimal numbers only, no leading zeros (ambiguous: octal to some parsers).</summary>
    private static bool TryParseEntry(string? entry, out IPAddress address, out int? prefix)
    {
        address = IPAddress.None;
        prefix = null;
        if (string.IsNullOrEmpty(entry) || entry!.Trim() != entry || entry.IndexOf('%') >= 0) return false;
        var slash = entry.IndexOf('/');
        if (!TryParseAddress(slash < 0 ? entry : entry.Substring(0, slash), out address)) return false;
        if (slash < 0) return true;
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!TryParseDecimal(entry.Substring(slash + 1), max, out var bits)) return false;
        prefix = bits;
        return true;
    }

    public static IReadOnlyList<string> PermissionNames(IEnumerable<string?>? names, string parameter = "Permission")
    {
        if (names is null)
            throw Invalid(ErrorReason.InvalidPermission, null,
                $"-{parameter} is $null: pass permission names such as review_read.",
                $"Pass the names, e.g. -{parameter} review_read, review_reply; press Tab after -{parameter} to list them.");
        return Distinct(names.Select(name => PermissionName(name, parameter)), name => name);
    }

    public static bool IsPermissionName(string? name) => name is not null && SnakeCase.IsMatch(name);

    public static string PermissionName(string? name, string parameter = "Permission") =>
        IsPermissionName(name) ? name! : throw Invalid(ErrorReason.InvalidPermission, name,
            $"-{parameter} '{name}' is not a permission name: permission names are non-empty snake_case (lower-case letters and digits joined by single underscores, e.g. business_edit_hours).{CommaHint(name)}",
            $"Correct the name; press Tab after -{parameter} to list the names Partoo documents and those seen on your keys.");

    /// <summary>For a value holding a comma: how several values share one CSV cell.</summary>
    private static string CommaHint(string? value) =>
        value is not null && value.IndexOf(',') >= 0 ? $" Several values in one CSV cell are separated by '{ValueList.Separator}', not ',' (e.g. {value.Replace(",", ValueList.Separator.ToString())})." : string.Empty;

    /// <summary>Refuses two parameters that contradict each other.</summary>
    public static void NotTogether(string first, bool firstGiven, string second, bool secondGiven, string why)
    {
        if (firstGiven && secondGiven)
            throw new PartooCmdletException(ErrorReason.ConflictingParameters,
                $"-{first} and -{second} cannot be used together: {why}",
                $"Use -{first} or -{second}, not both.", null);
    }

    /// <summary>Refuses a value asked to be both added and removed.</summary>
    public static void NotBothAddedAndRemoved(string add, IEnumerable<string> added, string remove, IEnumerable<string> removed, Func<string, string> key)
    {
        var both = added.Where(a => removed.Any(r => key(r) == key(a))).ToList();
        if (both.Count > 0)
            throw new PartooCmdletException(ErrorReason.ConflictingParameters,
                $"{string.Join(", ", both)} is both in -{add} and in -{remove}.",
                $"Name each value in -{add} or in -{remove}, not in both.", both);
    }

    private static IReadOnlyList<string> Distinct(IEnumerable<string> values, Func<string, string> key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return values.Where(v => seen.Add(key(v))).ToList();
    }

    private static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.IndexOf(':') >= 0)
        {
            // An IPv6 address may end in IPv4 form (::ffff:10.0.0.1): that part follows the IPv4 rules.
            var tail = text.Substring(text.LastIndexOf(':') + 1);
            if (tail.IndexOf('.') >= 0 && !IsDottedQuad(tail)) return false;
            return IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }
        return IsDottedQuad(text) && IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetwork;
    }

    /// <summary>Four decimal numbers 0-255 joined by dots, none with a leading zero.</summary>
    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => TryParseDecimal(p, 255, out _));
    }

    /// <summary>A decimal number from 0 to max, written without sign, spaces or leading zeros ("0" itself is fine).</summary>
    private static bool TryParseDecimal(string text, int max, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 3 || !text.All(c => c is >= '0' and <= '9') || (text.Length > 1 && text[0] == '0')) return false;
        value = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return value <= max;
    }

    private static PartooCmdletException Invalid(ErrorReason reason, object? value, string message, string? action = null) =>
        new(reason, message, action, value);
}
