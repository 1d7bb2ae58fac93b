using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PartooKeys.Simulator;

/// <summary>What the knobs of SimulatorKnobs.Strict.cs do to a request or an answer.</summary>
internal static partial class StrictModes
{
    /// <summary>The server's date, in <see cref="SimulatorKnobs.TodayTimeZone"/> (UTC when null).</summary>
    internal static DateOnly Today(SimulatorKnobs knobs)
    {
        var now = DateTimeOffset.UtcNow;
        return knobs.TodayTimeZone is { } id
            ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(id)).DateTime)
            : DateOnly.FromDateTime(now.UtcDateTime);
    }

    /// <summary>The refusal of a body the strict knobs reject (after it parsed), or null.</summary>
    internal static SimAnswer? Refuse(KeyBody body, SimulatorKnobs knobs)
    {
        var errors = new FieldErrorList();
        if (knobs.RejectRetiredPermissions && body.HasPermissions)
        {
            foreach (var name in body.Permissions.Where(p => KnownPermissions.Retired.Contains(p, StringComparer.Ordinal)))
            {
                errors.Add("permissions", $"Unknown permission: '{name}'.");
            }
        }

        if (knobs.RejectLeadingZeroIps && body.HasIpWhitelist)
        {
            foreach (var ip in body.IpWhitelist.Where(HasLeadingZero))
            {
                errors.Add("ip_whitelist", $"Not a valid IP address or CIDR range: '{ip}'.");
            }
        }

        return errors.Any ? Errors.FieldErrors(errors) : null;
    }

    /// <summary>A dotted-quad part or a CIDR prefix of two or more digits that starts with 0 (also in "::ffff:010.0.0.1").</summary>
    internal static bool HasLeadingZero(string entry) => LeadingZero().IsMatch(entry);

    [GeneratedRegex(@"(?:^|[.:/])0\d")]
    private static partial Regex LeadingZero();

    /// <summary>The answer as the strict knobs write it: plural <c>errors</c>, null for empty arrays.</summary>
    internal static SimAnswer Rewrite(SimAnswer answer, SimulatorKnobs knobs)
    {
        var plural = knobs.PluralErrors && answer.Status >= 400;
        var nulls = knobs.NullEmptyArrays && answer.Status < 300;
        if ((!plural && !nulls) || answer.ContentType is null || !answer.ContentType.StartsWith(SimAnswer.Json, StringComparison.Ordinal))
        {
            return answer;
        }

        JsonNode? root;
        try { root = JsonNode.Parse(answer.Utf8Body); }
        catch (JsonException) { return answer; }
        if (root is not JsonObject body) { return answer; }

        if (plural && body["error"] is { } inner && !body.ContainsKey("errors"))
        {
            body.Remove("error");
            body["errors"] = inner;
        }

        if (nulls)
        {
            foreach (var key in body["api_keys"] is JsonArray page ? page.OfType<JsonObject>() : new[] { body })
            {
                foreach (var field in new[] { "ip_whitelist", "permissions" })
                {
                    if (key[field] is JsonArray { Count: 0 }) { key[field] = null; }
                }
            }
        }

        var rewritten = SimAnswer.Of(answer.Status, body);
        foreach (var (name, value) in answer.Headers) { rewritten.WithHeader(name, value); }
        return rewritten;
    }
}
