using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartooKeys.Simulator;

/// <summary>
/// Routing, auth and the five endpoints. Pure: works on a <see cref="RecordedRequest"/> and the key
/// list, and returns a <see cref="SimAnswer"/>. Every method runs under the simulator's lock (a listing page's JSON is
/// written after it, from a snapshot: see <see cref="SimAnswer.Utf8Body"/>).
/// </summary>
internal static class Endpoints
{
    internal const string Prefix = "/v2/api_keys";
    private const string RevokePrefix = Prefix + "/revoke/";

    internal static SimAnswer Handle(RecordedRequest req, List<SimKey> keys, RateWindow rate, SimulatorKnobs knobs)
    {
        var today = StrictModes.Today(knobs);

        // 1. authentication, on every route (unknown ones too)
        var caller = req.ApiKeyHeader is null
            ? null
            : keys.FirstOrDefault(k => string.Equals(k.Secret, req.ApiKeyHeader, StringComparison.Ordinal)
                                       && !k.Disabled && !k.IsExpiredOn(today));
        if (caller is null)
        {
            return Errors.Unauthenticated();
        }

        // 2. rate limit (counts authenticated requests only)
        if (rate.Take(knobs.RateLimitPerMinute) is { } retryAfter)
        {
            return Errors.RateLimited(retryAfter);
        }

        // 3. authorization
        if (!caller.CanManageKeys)
        {
            return Errors.Forbidden();
        }

        // 4. routing: exact paths, no trailing-slash tolerance
        var path = req.Path;
        var method = req.Method.ToUpperInvariant();
        if (path == "/v2/permissions") { return SimPermissions.Handle(req, knobs); }
        if (path == Prefix)
        {
            return method switch
            {
                "GET" => List(req, keys, knobs, today),
                "POST" => Create(req, keys, knobs, caller, today),
                _ => Errors.MethodNotAllowed("GET, POST"),
            };
        }

        if (path.StartsWith(RevokePrefix, StringComparison.Ordinal))
        {
            if (!TryParseId(path[RevokePrefix.Length..], out var id)) { return Errors.NotFound(); }
            return method == "POST" ? Revoke(req, keys, knobs, caller, id) : Errors.MethodNotAllowed("POST");
        }

        if (path.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            if (!TryParseId(path[(Prefix.Length + 1)..], out var id)) { return Errors.NotFound(); }
            return method switch
            {
                "GET" => GetOne(req, keys, knobs, id),
                "PUT" => Update(req, keys, knobs, id, today),
                _ => Errors.MethodNotAllowed("GET, PUT"),
            };
        }

        return Errors.NotFound();
    }

    private static SimAnswer List(RecordedRequest req, List<SimKey> keys, SimulatorKnobs knobs, DateOnly today)
    {
        var errors = new FieldErrorList();
        var args = QueryArgs.Parse(req.QueryValues, errors);
        var first = knobs.ZeroBasedPages ? 0 : 1;
        if (args.Page is { } requested && requested < first && knobs.RejectPageBelowFirst)
        {
            errors.Add("page", $"Must be greater than or equal to {first}.");
        }

        if (errors.Any)
        {
            return Errors.FieldErrors(errors);
        }

        var page = Math.Max(first, args.Page ?? first);
        var (count, window) = Window(keys, args.Filters ? k => args.Matches(k, today) : null, (long)(page - first) * args.PerPage, args.PerPage);
        var pages = (count + args.PerPage - 1) / args.PerPage;
        var maxPage = knobs.ZeroBasedPages ? Math.Max(0, pages - 1) : pages;
        var snapshot = window.ConvertAll(k => k.Clone());
        return new SimAnswer(200, SimAnswer.Json, () =>
        {
            var buffer = PageBuffer ??= new ArrayBufferWriter<byte>(128 * 1024);
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, KeyJson.WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteNumber("page", page);
                writer.WriteNumber("max_page", maxPage);
                writer.WriteNumber("count", count);
                writer.WriteStartArray("api_keys");
                foreach (var key in snapshot)
                {
                    KeyJson.Write(writer, key, args.IncludeAllPermissions);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return buffer.WrittenSpan.ToArray();
        });
    }

    /// <summary>One buffer per thread for listing pages, reused: a new 100 KB buffer per page would go to the large object heap.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? PageBuffer;

    /// <summary>
    /// How many keys match (all of them when <paramref name="matches"/> is null), and the matching keys at positions
    /// [skip, skip + take) in id order. Keys are added with rising ids, so the list is normally in id order already:
    /// then no sorting, and without a filter no scan either (a listing page is answered under the simulator's lock).
    /// </summary>
    private static (int Count, List<SimKey> Window) Window(List<SimKey> keys, Func<SimKey, bool>? matches, long skip, int take)
    {
        for (var i = 1; i < keys.Count; i++)
        {
            if (keys[i - 1].Id > keys[i].Id)
            {
                var sorted = keys.Where(matches ?? (_ => true)).OrderBy(k => k.Id).ToList();
                return (sorted.Count, sorted.Skip((int)Math.Min(skip, int.MaxValue)).Take(take).ToList());
            }
        }

        if (matches is null)
        {
            var start = (int)Math.Min(skip, keys.Count);
            return (keys.Count, keys.GetRange(start, Math.Min(take, keys.Count - start)));
        }

        var count = 0;
        var window = new List<SimKey>(take);
        foreach (var key in keys)
        {
            if (!matches(key)) { continue; }
            if (count >= skip && window.Count < take) { window.Add(key); }
            count++;
        }

        return (count, window);
    }

    private static SimAnswer GetOne(RecordedRequest req, List<SimKey> keys, SimulatorKnobs knobs, int id)
    {
        if (LookUp(keys, knobs, id, out var key) is { } refusal) { return refusal; }
        var errors = new FieldErrorList();
        if (!QueryArgs.TryReadIncludeAll(req.QueryValues, errors, out var includeAll)) { return Errors.FieldErrors(errors); }
        return SimAnswer.Of(200, KeyJson.ToJson(key, includeAll));
    }

    private static SimAnswer Create(RecordedRequest req, List<SimKey> keys, SimulatorKnobs knobs, SimKey caller, DateOnly today)
    {
        if (!IsJson(req)) { return Errors.UnsupportedMediaType(); }
        var errors = new FieldErrorList();
        QueryArgs.TryReadIncludeAll(req.QueryValues, errors, out var includeAll);
        var body = KeyBody.Parse(req.Body, isCreate: true, today, errors);
        if (body is null || errors.Any) { return Errors.FieldErrors(errors); }
        if (StrictModes.Refuse(body, knobs) is { } refused) { return refused; }

        var id = keys.Count == 0 ? 1 : keys.Max(k => k.Id) + 1;
        var key = new SimKey
        {
            Id = id,
            Label = body.Label,
            Description = body.HasDescription ? body.Description : null,
            UserId = caller.UserId,
            UserName = caller.UserName,
            UserRole = caller.UserRole,
            UserType = caller.UserType,
            ExpirationDate = body.HasExpirationDate ? body.ExpirationDate : null,
            CreatedBy = caller.UserId,
            CreatedByName = CallerName(caller),
            CreatedAt = Timestamps.Now(),
            IpWhitelist = body.HasIpWhitelist ? new List<string>(body.IpWhitelist) : new List<string>(),
            HasRestrictedPermissions = body.HasRestrictedFlag && body.RestrictedPermissions,
            Permissions = body.HasPermissions ? new List<string>(body.Permissions) : new List<string>(caller.UserPermissions),
            UserPermissions = new List<string>(caller.UserPermissions),
            Secret = $"sim-new-{id}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}",
            CanManageKeys = caller.CanManageKeys,
        };
        keys.Add(key);

        var json = KeyJson.ToJson(key, includeAll);
        if (knobs.IncludeSecretInCreateAnswer)
        {
            json["api_key"] = key.Secret;
        }

        return SimAnswer.Of(201, json);
    }

    private static SimAnswer Update(RecordedRequest req, List<SimKey> keys, SimulatorKnobs knobs, int id, DateOnly today)
    {
        if (LookUp(keys, knobs, id, out var key) is { } refusal) { return refusal; }
        if (!IsJson(req)) { return Errors.UnsupportedMediaType(); }
        var errors = new FieldErrorList();
        QueryArgs.TryReadIncludeAll(req.QueryValues, errors, out var includeAll);
        var body = KeyBody.Parse(req.Body, isCreate: false, today, errors);
        if (body is null || errors.Any) { return Errors.FieldErrors(errors); }
        if (StrictModes.Refuse(body, knobs) is { } refused) { return refused; }

        if (body.HasLabel) { key.Label = body.Label; }
        if (body.HasDescription) { key.Description = body.Description; }
        if (body.HasExpirationDate) { key.ExpirationDate = body.ExpirationDate; }
        if (body.HasIpWhitelist) { key.IpWhitelist = new List<string>(body.IpWhitelist); }
        if (body.HasRestrictedFlag) { key.HasRestrictedPermissions = body.RestrictedPermissions; }
        if (body.HasPermissions) { key.Permissions = new List<string>(body.Permissions); }

        // As in the docs' example, the update answer carries no description.
        return SimAnswer.Of(200, KeyJson.ToJson(key, includeAll, withDescription: false));
    }

    private static SimAnswer Revoke(RecordedRequest req, List<SimKey> keys, SimulatorKnobs knobs, SimKey caller, int id)
    {
        _ = req; // body and Content-Type of a revoke are ignored
        if (LookUp(keys, knobs, id, out var key) is { } refusal) { return refusal; }
        if (key.Disabled)
        {
            if (knobs.RevokeAlreadyRevokedIsError) { return Errors.AlreadyRevoked(); }
        }
        else
        {
            key.Disabled = true;
            key.RevokedAt = Timestamps.Now();
            key.RevokedBy = caller.UserId;
            key.RevokedByName = CallerName(caller);
        }

        return SimAnswer.Of(200, new JsonObject { ["id"] = id, ["status"] = "success" });
    }

    /// <summary>403 for ForbiddenIds (checked first, even for unknown ids), then 404.</summary>
    private static SimAnswer? LookUp(List<SimKey> keys, SimulatorKnobs knobs, int id, out SimKey key)
    {
        key = null!;
        if (knobs.ForbiddenIds.Contains(id)) { return Errors.Forbidden(); }
        var found = keys.FirstOrDefault(k => k.Id == id);
        if (found is null) { return Errors.NotFound(); }
        key = found;
        return null;
    }

    private static string CallerName(SimKey caller) => caller.UserName ?? caller.Label;

    private static bool IsJson(RecordedRequest req) =>
        req.ContentType is not null && req.ContentType.TrimStart().StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>ASCII digits only (no sign, no spaces), within int range.</summary>
    private static bool TryParseId(string text, out int id)
    {
        id = 0;
        return text.Length > 0 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
