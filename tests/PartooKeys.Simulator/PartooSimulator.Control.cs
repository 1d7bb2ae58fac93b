using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace PartooKeys.Simulator;

/// <summary>
/// The control API for tests that drive the simulator from another process (Pester), under
/// <c>/_simulator/</c> (cannot collide with Partoo's <c>/v2/</c>). Off unless <see cref="EnableControl"/> was called.
/// Loopback callers only; no key needed; control requests are never recorded, delayed or faulted.
/// <list type="bullet">
/// <item><c>GET|DELETE /_simulator/requests</c>: the request log (method, path, query, status, body; never the key header) / clear it.</item>
/// <item><c>POST /_simulator/reset</c>: keys back to the seed, log cleared, rate window reset, knobs back to their start values.</item>
/// <item><c>GET|PATCH /_simulator/knobs</c>: every public knob of <see cref="SimulatorKnobs"/> / set any by name: <c>{"Latency": 50, "ZeroBasedPages": true}</c> (a TimeSpan also takes milliseconds).</item>
/// <item><c>GET|POST|DELETE /_simulator/faults</c>: the fault rules / add one (<see cref="FaultRule"/> as JSON) / clear them.</item>
/// <item><c>GET|DELETE /_simulator/elsewhere</c>, <c>GET|POST /_simulator/proxy</c>: the hostile modes' listeners (HostileModes.cs).</item>
/// <item><c>POST /_simulator/wait</c>: answers when requests matching a <see cref="RequestWait"/> arrived (or were answered); 408 after its safety timeout.</item>
/// <item><c>POST /_simulator/release</c>: the requests a Hang fault holds are answered as Partoo would.</item>
/// <item><c>GET /_simulator/rate</c>: the rate limit per minute and how many requests it answered 429 since the last reset (a clear of the log keeps the count).</item>
/// <item><c>GET /_simulator/keys[/{id}]</c>: the server-side records, secrets included; <c>PATCH /_simulator/keys/{id}</c> sets SimKey properties by name.</item>
/// </list>
/// </summary>
public sealed partial class PartooSimulator
{
    internal const string ControlPrefix = "/_simulator/";

    private static readonly JsonSerializerOptions ControlJson = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private Func<IEnumerable<SimKey>>? _controlSeed;
    private Action<SimulatorKnobs>? _controlKnobs;

    /// <summary>
    /// Turns the control API on. <paramref name="seed"/> makes the keys a reset returns to;
    /// <paramref name="startKnobs"/> sets the knobs a reset returns to (applied to fresh defaults).
    /// </summary>
    public void EnableControl(Func<IEnumerable<SimKey>> seed, Action<SimulatorKnobs>? startKnobs = null)
    {
        ArgumentNullException.ThrowIfNull(seed);
        _controlKnobs = startKnobs ?? (_ => { });
        _controlSeed = seed;
        _controlKnobs(Knobs);
    }

    /// <summary>Keys back to the seed, requests forgotten, a fresh rate window, knobs back to their start values.</summary>
    public void Reset()
    {
        var seed = _controlSeed ?? throw new InvalidOperationException("EnableControl was not called.");
        var keys = seed().Select(OwnCaller).ToList();
        var fresh = new SimulatorKnobs();
        _controlKnobs?.Invoke(fresh);
        foreach (var property in Settable(typeof(SimulatorKnobs)))
        {
            property.SetValue(Knobs, property.GetValue(fresh));
        }

        lock (_gate)
        {
            _keys.Clear();
            _keys.AddRange(keys);
            _requests.Clear();
            _rate.Reset();
        }

        ResetHostile();
    }

    private async Task<bool> TryHandleControlAsync(HttpContext ctx, CancellationToken ct)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (_controlSeed is null || !path.StartsWith(ControlPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var (status, body) = ctx.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
            ? await ControlAsync(ctx.Request.Method.ToUpperInvariant(), path[ControlPrefix.Length..].TrimEnd('/'), ctx.Request, ct).ConfigureAwait(false)
            : (403, Message("Loopback callers only."));
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body?.ToJsonString() ?? "null", ct).ConfigureAwait(false);
        return true;
    }

    private async Task<(int, JsonNode?)> ControlAsync(string method, string route, HttpRequest request, CancellationToken ct)
    {
        JsonElement input = default;
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                input = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                return (400, Message("The body is not JSON: " + ex.Message));
            }
        }

        try
        {
            var segments = route.Split('/');
            switch (segments[0], method)
            {
                case ("requests", "GET"):
                    return (200, RequestLog());
                case ("requests", "DELETE"):
                    ClearRequests();
                    return (200, Message("Cleared."));
                case ("reset", "POST"):
                    Reset();
                    return (200, Message("Reset."));
                case ("knobs", "GET"):
                    return (200, Snapshot(Knobs));
                case ("knobs", "PATCH" or "PUT" or "POST"):
                    SetByName(Knobs, input);
                    return (200, Snapshot(Knobs));
                case ("faults", "GET"):
                    return (200, JsonSerializer.SerializeToNode(Knobs.Faults.ToArray(), ControlJson));
                case ("faults", "POST"):
                    var rule = input.Deserialize<FaultRule>(ControlJson) ?? throw new ArgumentException("Send a fault rule as a JSON object.");
                    lock (_gate) { Knobs.Faults = new List<FaultRule>(Knobs.Faults) { rule }; }
                    return (200, JsonSerializer.SerializeToNode(rule, ControlJson));
                case ("faults", "DELETE"):
                    Knobs.Faults = new List<FaultRule>();
                    return (200, Message("Cleared."));
                case ("keys", "GET") when segments.Length == 1:
                    return (200, JsonSerializer.SerializeToNode(Keys, ControlJson));
                case ("keys", "GET" or "PATCH") when segments.Length == 2 && int.TryParse(segments[1], out var id):
                    lock (_gate)
                    {
                        var key = _keys.FirstOrDefault(k => k.Id == id);
                        if (key is null) { return (404, Message($"No key {id}.")); }
                        if (method == "PATCH") { SetByName(key, input); }
                        return (200, JsonSerializer.SerializeToNode(key, ControlJson));
                    }
                case ("rate", "GET"):
                    lock (_gate) { return (200, new JsonObject { ["limitPerMinute"] = Knobs.RateLimitPerMinute, ["refused"] = _rate.Refused }); }
                case ("release", "POST"):
                    return (200, new JsonObject { ["stillUnanswered"] = ReleaseHung() });
                case ("wait", "POST"):
                    var wait = input.ValueKind == JsonValueKind.Object ? input.Deserialize<RequestWait>(ControlJson) ?? new RequestWait() : new RequestWait();
                    return await WaitForRequestsAsync(wait, ct).ConfigureAwait(false)
                        ? (200, Message("Arrived."))
                        : (408, Message($"Fewer than {wait.Count} requests matched {wait.Method ?? "*"} {wait.PathContains ?? "*"} within {wait.TimeoutMs} ms."));
                case ("elsewhere" or "proxy", _):
                    return HostileControl(segments[0], method, input);
                default:
                    return (404, Message($"No control route {method} {ControlPrefix}{route}."));
            }
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or NotSupportedException or InvalidOperationException)
        {
            return (400, Message(ex.Message));
        }
    }

    private JsonNode RequestLog()
    {
        var log = new JsonArray();
        foreach (var r in Requests)
        {
            log.Add(new JsonObject
            {
                ["Method"] = r.Method,
                ["Path"] = r.Path,
                ["Query"] = r.Query,
                ["QueryValues"] = JsonSerializer.SerializeToNode(r.QueryValues),
                ["Status"] = r.StatusCode,
                ["ContentType"] = r.ContentType,
                ["Body"] = r.Body,
                ["HasApiKey"] = r.ApiKeyHeader is not null,
                ["UserAgent"] = r.UserAgent,
            });
        }

        return log;
    }

    private static JsonNode Snapshot(object target)
    {
        var values = new JsonObject();
        foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!typeof(Delegate).IsAssignableFrom(property.PropertyType))
            {
                values[property.Name] = JsonSerializer.SerializeToNode(property.GetValue(target), property.PropertyType, ControlJson);
            }
        }

        return values;
    }

    /// <summary>Sets public settable properties of <paramref name="target"/> by (case-insensitive) name.</summary>
    internal static void SetByName(object target, JsonElement values)
    {
        if (values.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("Send a JSON object of property names and values.");
        }

        var settable = Settable(target.GetType()).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var changes = new List<(PropertyInfo, object?)>();
        foreach (var item in values.EnumerateObject())
        {
            if (!settable.TryGetValue(item.Name, out var property) || typeof(Delegate).IsAssignableFrom(property.PropertyType))
            {
                throw new ArgumentException($"{target.GetType().Name} has no settable '{item.Name}'. Known: {string.Join(", ", settable.Keys)}.");
            }

            var value = property.PropertyType == typeof(TimeSpan) && item.Value.ValueKind == JsonValueKind.Number
                ? TimeSpan.FromMilliseconds(item.Value.GetDouble())
                : item.Value.Deserialize(property.PropertyType, ControlJson);
            changes.Add((property, value));
        }

        foreach (var (property, value) in changes)
        {
            property.SetValue(target, value);
        }
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);

    private static JsonNode Message(string text) => new JsonObject { ["message"] = text };
}
