using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PartooKeys.Simulator;

/// <summary>Validation of ip_whitelist entries: a single IP or a CIDR range, IPv4 or IPv6.</summary>
internal static class IpRules
{
    /// <summary>
    /// IPv4 must be dotted-quad (IPAddress.TryParse alone would accept "1" or "1.2.3");
    /// IPv6 zone ids ("%eth0") are refused; a CIDR prefix must be 0..32 (IPv4) or 0..128 (IPv6).
    /// Host bits set in a CIDR (e.g. "10.0.0.1/8") are accepted (contract silent).
    /// </summary>
    internal static bool IsValid(string entry)
    {
        if (string.IsNullOrEmpty(entry) || entry.Trim() != entry || entry.Contains('%'))
        {
            return false;
        }

        var slash = entry.IndexOf('/');
        var addressText = slash < 0 ? entry : entry[..slash];
        if (!TryParseStrict(addressText, out var address))
        {
            return false;
        }

        if (slash < 0)
        {
            return true;
        }

        var prefixText = entry[(slash + 1)..];
        if (prefixText.Length == 0 || prefixText.Length > 3 || !prefixText.All(char.IsAsciiDigit))
        {
            return false;
        }

        var prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return prefix <= max;
    }

    private static bool TryParseStrict(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
        {
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length == 0 || part.Length > 3 || !part.All(char.IsAsciiDigit)
                || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        address = IPAddress.Parse(text);
        return true;
    }
}
