using System.Net;
using System.Security.Cryptography;
using System.Text;
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
/// An in-process HTTP simulator of Partoo's /v2/api_keys endpoints on 127.0.0.1 (random port).
/// Pipeline per request: record → latency → <see cref="SimulatorKnobs.Override"/> → faults →
/// authentication (401) → rate limit (429) → authorization (403) → routing/endpoint.
/// </summary>
public sealed partial class PartooSimulator : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<SimKey> _keys;
    private readonly List<RecordedRequest> _requests = new();
    private readonly RateWindow _rate = new();
    private readonly CancellationTokenSource _disposing = new();
    private WebApplication? _app;
    private int _disposed;

    /// <summary>
    /// Each simulator's caller key is its own: PartooKeys shares one rate budget per address and key in a process,
    /// and a port the OS hands out again must not meet a budget that a connection of an earlier test still holds.
    /// </summary>
    private readonly string _callerSecret = SeedData.CallerSecret + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private PartooSimulator(List<SimKey> keys)
    {
        _keys = keys.ConvertAll(OwnCaller);
        CallerKey = keys.Any(k => k.Secret == _callerSecret) || keys.Count == 0 ? _callerSecret : keys[0].Secret;
    }

    /// <summary>A seed key with <see cref="SeedData.CallerSecret"/> gets this simulator's caller secret.</summary>
    private SimKey OwnCaller(SimKey key)
    {
        if (key.Secret == SeedData.CallerSecret)
        {
            key.Secret = _callerSecret;
        }

        return key;
    }

    /// <summary>"http://127.0.0.1:{port}/v2/" (trailing slash included).</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>
    /// The secret tests authenticate with: <see cref="SeedData.CallerSecret"/> and a suffix of this simulator's
    /// when a seed key has that secret (or the seed is empty), otherwise the Secret of the first seed key.
    /// </summary>
    public string CallerKey { get; }

    /// <summary>Behaviour switches; mutable at any time.</summary>
    public SimulatorKnobs Knobs { get; } = new();

    /// <summary>Snapshot copy of the recorded requests, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) { return _requests.ToArray(); } }
    }

    /// <summary>Deep-copied snapshot of the server's keys, in insertion order.</summary>
    public IReadOnlyList<SimKey> Keys
    {
        get { lock (_gate) { return _keys.Select(k => k.Clone()).ToArray(); } }
    }

    /// <summary>
    /// Starts the simulator. <paramref name="seed"/> null ⇒ <see cref="SeedData.Standard"/>.
    /// The given SimKey instances become the live server records (not copied).
    /// </summary>
    public static async Task<PartooSimulator> StartAsync(IEnumerable<SimKey>? seed = null)
    {
        var keys = (seed ?? SeedData.Standard()).ToList();
        var duplicate = keys.GroupBy(k => k.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Duplicate key id {duplicate.Key} in seed.", nameof(seed));
        }

        var sim = new PartooSimulator(keys);
        try
        {
            await sim.StartServerAsync().ConfigureAwait(false);
        }
        catch
        {
            await sim.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return sim;
    }

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests()
    {
        lock (_gate) { _requests.Clear(); }
    }

    /// <summary>Starts a fresh rate-limit window (extra helper; the contract is silent).</summary>
    public void ResetRateLimit()
    {
        lock (_gate) { _rate.Reset(); }
    }

    /// <summary>
    /// The LIVE server record of key <paramref name="id"/> (not a copy): setting its properties changes
    /// what the server does. Mutate it only while no request is in flight, or use <see cref="UpdateKey"/>.
    /// </summary>
    public SimKey? FindKey(int id)
    {
        lock (_gate) { return _keys.FirstOrDefault(k => k.Id == id); }
    }

    /// <summary>Changes key <paramref name="id"/> under the server's lock; false when there is no such key.</summary>
    public bool UpdateKey(int id, Action<SimKey> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var key = _keys.FirstOrDefault(k => k.Id == id);
            if (key is null) { return false; }
            change(key);
            return true;
        }
    }

    /// <summary>Adds a key (the instance becomes the live record); throws when the id is taken.</summary>
    public void AddKey(SimKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_keys.Any(k => k.Id == key.Id))
            {
                throw new InvalidOperationException($"A key with id {key.Id} already exists.");
            }

            _keys.Add(OwnCaller(key));
        }
    }

    /// <summary>Stops the server; hung and delayed requests are aborted. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // shutdown took too long: dispose anyway
            }

            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _disposing.Dispose();
    }

    private async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // no file watchers on appsettings*.json: many simulators may live in one test process
            Args = new[] { "--hostBuilder:reloadConfigOnChange=false" },
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.None);
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.WebHost.UseSetting(WebHostDefaults.SuppressStatusMessagesKey, "true");
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(IPAddress.Loopback, 0);
        });

        var app = builder.Build();
        app.Run(HandleAsync);
        _app = app;
        await app.StartAsync().ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/v2/");
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        RecordedRequest? record = null;
        CancellationTokenSource linked;
        try
        {
            linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, _disposing.Token);
        }
        catch (ObjectDisposedException)
        {
            ctx.Abort();
            return;
        }

        using (linked)
        {
            var ct = linked.Token;
            try
            {
                if (await TryHandleControlAsync(ctx, ct).ConfigureAwait(false)) { return; }
                record = await RecordAsync(ctx, ct).ConfigureAwait(false);
                if (await TryHostileAsync(ctx, record, ct).ConfigureAwait(false)) { return; }

                var latency = Knobs.Latency;
                if (latency > TimeSpan.Zero)
                {
                    await Task.Delay(latency, ct).ConfigureAwait(false);
                }

                if (Knobs.Override is { } overrideAnswer && overrideAnswer(record) is { } o)
                {
                    await WriteAsync(ctx, record, new SimAnswer(o.status, o.contentType, o.body), ct).ConfigureAwait(false);
                    return;
                }

                if (PickFault(record) is { } fault)
                {
                    switch (fault.Kind)
                    {
                        case FaultKind.Reset:
                            ctx.Abort();
                            return;
                        case FaultKind.Hang:
                            await WaitForReleaseAsync(record, ct).ConfigureAwait(false);
                            break; // released: answered as Partoo would
                        case FaultKind.ApplyThenReset:
                            lock (_gate)
                            {
                                _ = Endpoints.Handle(record, _keys, _rate, Knobs);
                            }

                            ctx.Abort();
                            return;
                        case FaultKind.EndlessBody:
                            ctx.Response.StatusCode = 200;
                            ctx.Response.ContentType = SimAnswer.Json;
                            var chunk = System.Text.Encoding.UTF8.GetBytes(new string('[', 64 * 1024));
                            while (true) await ctx.Response.Body.WriteAsync(chunk, ct).ConfigureAwait(false);
                        default:
                            await WriteAsync(ctx, record, StrictModes.Rewrite(FaultAnswers.For(fault, record), Knobs), ct).ConfigureAwait(false);
                            return;
                    }
                }

                SimAnswer answer;
                lock (_gate)
                {
                    answer = Endpoints.Handle(record, _keys, _rate, Knobs);
                }

                answer = StrictModes.Rewrite(answer, Knobs);
                await WriteAsync(ctx, record, answer, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // client gave up, or the simulator is being disposed (Hang ends here too)
                ctx.Abort();
            }
            catch (Exception ex) when (!ctx.Response.HasStarted && ex is not OperationCanceledException)
            {
                var error = Errors.ServerError(ex.GetType().Name + ": " + ex.Message);
                if (record is not null)
                {
                    record.StatusCode = error.Status;
                }

                ctx.Response.StatusCode = error.Status;
                ctx.Response.ContentType = error.ContentType;
                await ctx.Response.Body.WriteAsync(error.Utf8Body, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                if (record is not null) { PulseRequests(); }
            }
        }
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext ctx, CancellationToken ct)
    {
        var request = ctx.Request;
        string? body;
        using (var reader = new StreamReader(request.Body, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false))
        {
            body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        }

        if (body.Length == 0)
        {
            body = null;
        }

        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in request.Query)
        {
            query[pair.Key] = pair.Value.ToString();
        }

        var record = new RecordedRequest(
            request.Method,
            request.Path.Value ?? "/",
            request.QueryString.Value ?? "",
            query,
            body,
            request.Headers.ContentType.Count == 0 ? null : request.Headers.ContentType.ToString(),
            request.Headers.TryGetValue("x-APIKey", out var apiKey) ? apiKey.ToString() : null,
            request.Headers.UserAgent.Count == 0 ? null : request.Headers.UserAgent.ToString());
        lock (_gate)
        {
            _requests.Add(record);
        }

        PulseRequests();
        return record;
    }

    /// <summary>
    /// Every rule that matches counts the request; the first rule (list order) that is due fires.
    /// A rule that is due while an earlier rule already fired does not fire (its turn passes).
    /// </summary>
    private FaultRule? PickFault(RecordedRequest record)
    {
        var rules = Knobs.Faults.ToArray();
        if (rules.Length == 0)
        {
            return null;
        }

        lock (_gate)
        {
            FaultRule? fired = null;
            foreach (var rule in rules)
            {
                if (rule is null || !rule.Matches(record))
                {
                    continue;
                }

                if (rule.CountAndCheckDue() && fired is null)
                {
                    rule.TimesFired++;
                    fired = rule;
                }
            }

            return fired;
        }
    }

    private static async Task WriteAsync(HttpContext ctx, RecordedRequest record, SimAnswer answer, CancellationToken ct)
    {
        var response = ctx.Response;
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.Append(name, value);
        }

        var bytes = answer.Utf8Body;
        response.ContentLength = bytes.Length;
        if (answer.ContentType is not null)
        {
            response.ContentType = answer.ContentType;
        }

        record.StatusCode = answer.Status;
        if (bytes.Length > 0)
        {
            await response.Body.WriteAsync(bytes, ct).ConfigureAwait(false);
        }

        record.AnsweredTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
    }
}
