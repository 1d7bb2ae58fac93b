using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PartooKeys.Simulator;

/// <summary>
/// Hostile gateway modes (<see cref="SimulatorKnobs.Hostile"/>, <see cref="SimulatorKnobs.MalformedKeys"/>) and two
/// listeners of their own on other loopback ports: <see cref="Elsewhere"/>, another host a redirect points to, which
/// records whether the key reached it; and <see cref="Proxy"/>, an HTTP proxy answering 407 until given its credentials.
/// Control API: <c>GET|DELETE /_simulator/elsewhere</c> (its address and log / clear it);
/// <c>GET /_simulator/proxy</c> (address, credentials asked, log); <c>POST /_simulator/proxy {"User":"u","Password":"p"}</c> (sets them).
/// </summary>
public sealed partial class PartooSimulator
{
    private SideListener? _elsewhere;
    private SideListener? _proxy;
    private readonly object _sideGate = new();

    /// <summary>Another host on loopback (its own port): answers an empty listing and records every request it gets.</summary>
    public SideListener Elsewhere => Side(ref _elsewhere, () => new SideListener(AnswerElsewhereAsync, _disposing.Token));

    /// <summary>An HTTP proxy on loopback: 407 (Basic) until a request carries <see cref="ProxyUser"/>/<see cref="ProxyPassword"/>, then forwards to this simulator.</summary>
    public SideListener Proxy => Side(ref _proxy, () => new SideListener(AnswerProxyAsync, _disposing.Token));

    public string ProxyUser { get; set; } = "proxyuser";
    public string ProxyPassword { get; set; } = "proxy-pass-0451";

    private SideListener Side(ref SideListener? field, Func<SideListener> start)
    {
        lock (_sideGate) { return field ??= start(); }
    }

    /// <summary>Forgets what the side listeners recorded (a reset does this too).</summary>
    public void ResetHostile()
    {
        lock (_sideGate)
        {
            _elsewhere?.Clear();
            _proxy?.Clear();
        }
    }

    /// <summary>Answers the request as the hostile mode says; false when no mode applies to it.</summary>
    private async Task<bool> TryHostileAsync(HttpContext ctx, RecordedRequest record, CancellationToken ct)
    {
        var mode = Knobs.Hostile;
        var applies = Knobs.HostilePathContains is not { } part || (record.Path + record.Query).Contains(part, StringComparison.Ordinal);
        if (mode != HostileMode.None && applies)
        {
            await AnswerHostileAsync(ctx, record, mode, ct).ConfigureAwait(false);
            return true;
        }

        var malformed = Knobs.MalformedKeys;
        if (malformed.Count == 0 || !HttpMethods.IsGet(record.Method) || !record.Path.StartsWith(Endpoints.Prefix, StringComparison.Ordinal)) { return false; }
        SimAnswer answer;
        lock (_gate) { answer = Endpoints.Handle(record, _keys, _rate, Knobs); }
        if (answer.Status == 200) { answer = Malform(answer, malformed); }
        await WriteAsync(ctx, record, answer, ct).ConfigureAwait(false);
        return true;
    }

    private async Task AnswerHostileAsync(HttpContext ctx, RecordedRequest record, HostileMode mode, CancellationToken ct)
    {
        var key = record.ApiKeyHeader ?? "";
        record.QueryValues.TryGetValue("search_text", out var searched);
        switch (mode)
        {
            case HostileMode.Redirect301 or HostileMode.Redirect302 or HostileMode.Redirect307 or HostileMode.Redirect308:
                var location = Knobs.HostileLocation ?? new Uri(Elsewhere.BaseUri, record.Path.TrimStart('/') + record.Query).ToString();
                var status = mode switch { HostileMode.Redirect301 => 301, HostileMode.Redirect302 => 302, HostileMode.Redirect307 => 307, _ => 308 };
                await WriteAsync(ctx, record, Redirect(status, location), ct).ConfigureAwait(false);
                return;
            case HostileMode.EchoKey400:
                var fields = new JsonObject { [key] = new JsonArray("Unknown field."), ["search_text"] = new JsonArray($"'{searched}' is not valid with key {key}.") };
                await WriteAsync(ctx, record, SimAnswer.Of(400, new JsonObject { ["errors"] = new JsonObject { ["json"] = fields } }), ct).ConfigureAwait(false);
                return;
            case HostileMode.EchoKey401:
                await WriteAsync(ctx, record, EchoKey401(record), ct).ConfigureAwait(false);
                return;
            case HostileMode.EchoKeyEscaped401:
                var escaped = string.Concat(key.Select(c => $"\\u{(int)c:x4}"));
                var body = $"{{\"error\": {{\"authentication\": \"User not authenticated: {escaped}\", \"detail\": \"sent {Uri.EscapeDataString(key).Replace("-", "%2D", StringComparison.Ordinal)}\"}}}}";
                await WriteAsync(ctx, record, new SimAnswer(401, SimAnswer.Json, body), ct).ConfigureAwait(false);
                return;
            case HostileMode.HeaderDump502:
                await WriteAsync(ctx, record, HeaderDump502(record), ct).ConfigureAwait(false);
                return;
            case HostileMode.EndlessBody or HostileMode.HugeContentLength:
                record.StatusCode = 200;
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = SimAnswer.Json;
                if (mode == HostileMode.HugeContentLength) { ctx.Response.ContentLength = 1L << 30; }
                var chunk = Encoding.UTF8.GetBytes(new string('[', 64 * 1024));
                while (true) { await ctx.Response.Body.WriteAsync(chunk, ct).ConfigureAwait(false); }
        }
    }

    internal static SimAnswer Redirect(int status, string location) => new SimAnswer(status, null, "").WithHeader("Location", location);

    internal static SimAnswer EchoKey401(RecordedRequest record) =>
        SimAnswer.Of(401, new JsonObject { ["error"] = new JsonObject { ["authentication"] = "User not authenticated with key " + record.ApiKeyHeader } });

    /// <summary>A gateway page dumping the request: the key as sent, and once more as HTML character references.</summary>
    internal static SimAnswer HeaderDump502(RecordedRequest record)
    {
        var key = record.ApiKeyHeader ?? "";
        var entities = string.Concat(key.Select(c => $"&#{(int)c};"));
        return new SimAnswer(502, "text/html; charset=utf-8",
            $"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><pre>{record.Method} {record.Path}{record.Query}\nx-APIKey: {key}\nx-original-key: {entities}\nUser-Agent: {record.UserAgent}</pre></body></html>");
    }

    /// <summary>The answer with the named keys broken as <see cref="SimulatorKnobs.MalformedKeys"/> says.</summary>
    private static SimAnswer Malform(SimAnswer answer, Dictionary<int, string> malformed)
    {
        var root = JsonNode.Parse(answer.Utf8Body)!;
        var keys = root["api_keys"] is JsonArray list ? list.OfType<JsonObject>() : root is JsonObject one ? new[] { one } : Array.Empty<JsonObject>();
        foreach (var key in keys)
        {
            if (key["id"]?.GetValue<int>() is not int id || !malformed.TryGetValue(id, out var how)) { continue; }
            switch (how)
            {
                case "BadDate": key["expiration_date"] = "2026-13-45"; break;
                case "BadTimestamp": key["created_at"] = "yesterday"; break;
                case "WrongType": key["label"] = 42; key["permissions"] = "all"; break;
                case "NoId": key.Remove("id"); break;
                default: throw new ArgumentException($"Unknown malformation '{how}' (BadDate, BadTimestamp, WrongType, NoId).");
            }
        }

        var broken = new SimAnswer(answer.Status, answer.ContentType, root.ToJsonString());
        broken.Headers.AddRange(answer.Headers);
        return broken;
    }

    private static async Task AnswerElsewhereAsync(HttpContext ctx, SideListener self)
    {
        self.Record(new SideRequest(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, ctx.Request.Headers.ContainsKey("x-APIKey"), null, 200));
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = SimAnswer.Json;
        await ctx.Response.WriteAsync("""{"page":1,"max_page":1,"count":0,"api_keys":[]}""").ConfigureAwait(false);
    }

    private static readonly HttpClient Forwarder = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    private async Task AnswerProxyAsync(HttpContext ctx, SideListener self)
    {
        var request = ctx.Request;
        string? user = null, password = null;
        if (request.Headers.TryGetValue("Proxy-Authorization", out var auth) && auth.ToString() is { } header
            && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = pair.IndexOf(':');
                (user, password) = colon < 0 ? (pair, "") : (pair[..colon], pair[(colon + 1)..]);
            }
            catch (FormatException) { }
        }

        var target = request.Path + request.QueryString;
        if (user != ProxyUser || password != ProxyPassword)
        {
            self.Record(new SideRequest(request.Method, target, request.Headers.ContainsKey("x-APIKey"), user, 407));
            ctx.Response.StatusCode = 407;
            ctx.Response.Headers["Proxy-Authenticate"] = "Basic realm=\"PartooKeys simulator proxy\"";
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html><body><h1>407 Proxy Authentication Required</h1></body></html>").ConfigureAwait(false);
            return;
        }

        // Authorized: forward to this simulator, whatever host the request names (as the proxy of a test network would).
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(new Uri(BaseUri.GetLeftPart(UriPartial.Authority)), target));
        foreach (var name in new[] { "x-APIKey", "User-Agent", "Accept" })
        {
            if (request.Headers.TryGetValue(name, out var value)) { forward.Headers.TryAddWithoutValidation(name, value.ToString()); }
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body).ConfigureAwait(false);
        if (body.Length > 0)
        {
            forward.Content = new ByteArrayContent(body.ToArray());
            if (request.ContentType is { } type) { forward.Content.Headers.TryAddWithoutValidation("Content-Type", type); }
        }

        using var answer = await Forwarder.SendAsync(forward, ctx.RequestAborted).ConfigureAwait(false);
        var bytes = await answer.Content.ReadAsByteArrayAsync(ctx.RequestAborted).ConfigureAwait(false);
        self.Record(new SideRequest(request.Method, target, request.Headers.ContainsKey("x-APIKey"), user, (int)answer.StatusCode));
        ctx.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (name is "Content-Length" or "Transfer-Encoding") { continue; }
            ctx.Response.Headers[name] = values.ToArray();
        }

        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted).ConfigureAwait(false);
    }

    private (int, JsonNode?) HostileControl(string route, string method, JsonElement input)
    {
        switch (route, method)
        {
            case ("elsewhere", "GET"):
                return (200, Elsewhere.Snapshot());
            case ("elsewhere", "DELETE"):
                Elsewhere.Clear();
                return (200, Message("Cleared."));
            case ("proxy", "GET"):
                return (200, ProxySnapshot());
            case ("proxy", "POST" or "PATCH" or "PUT"):
                if (input.ValueKind == JsonValueKind.Object)
                {
                    foreach (var item in input.EnumerateObject())
                    {
                        if (item.NameEquals("User")) { ProxyUser = item.Value.GetString() ?? ""; }
                        else if (item.NameEquals("Password")) { ProxyPassword = item.Value.GetString() ?? ""; }
                        else { throw new ArgumentException($"The proxy takes User and Password, not '{item.Name}'."); }
                    }
                }

                Proxy.Clear();
                return (200, ProxySnapshot());
            default:
                return (404, Message($"No control route {method} {ControlPrefix}{route}."));
        }
    }

    private JsonNode ProxySnapshot()
    {
        var node = Proxy.Snapshot();
        node["User"] = ProxyUser;
        node["Password"] = ProxyPassword;
        return node;
    }
}

/// <summary>One request a side listener received.</summary>
public sealed record SideRequest(string Method, string Target, bool HadApiKey, string? ProxyUser, int Status);

/// <summary>A small HTTP server of its own on a loopback port, stopped with the simulator.</summary>
public sealed class SideListener
{
    private readonly List<SideRequest> _requests = new();
    private readonly WebApplication _app;

    internal SideListener(Func<HttpContext, SideListener, Task> answer, CancellationToken stopping)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = new[] { "--hostBuilder:reloadConfigOnChange=false" },
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.WebHost.UseSetting(WebHostDefaults.SuppressStatusMessagesKey, "true");
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(IPAddress.Loopback, 0);
        });
        _app = builder.Build();
        _app.Run(ctx => answer(ctx, this));
        _app.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
        stopping.Register(() => _ = _app.DisposeAsync().AsTask());
    }

    /// <summary>"http://127.0.0.1:{port}/".</summary>
    public Uri BaseUri { get; }

    public IReadOnlyList<SideRequest> Requests
    {
        get { lock (_requests) { return _requests.ToArray(); } }
    }

    internal void Record(SideRequest request)
    {
        lock (_requests) { _requests.Add(request); }
    }

    internal void Clear()
    {
        lock (_requests) { _requests.Clear(); }
    }

    internal JsonObject Snapshot() => new()
    {
        ["Uri"] = BaseUri.ToString(),
        ["Requests"] = JsonSerializer.SerializeToNode(Requests),
    };
}
