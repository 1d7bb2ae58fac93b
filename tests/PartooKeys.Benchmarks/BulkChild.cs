using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartooKeys.Benchmarks;

/// <summary>The bulk operations of issue 12, each done to every key a filtered listing returns.</summary>
public static class BulkOperation
{
    public const string Revoke = "revoke";
    public const string AddPermission = "add-permission";

    /// <summary>The permission added to every key in the add-permission case.</summary>
    public const string AddedPermission = "review_reply";

    /// <summary>The listing filter each operation starts from (the simulator holds exactly the targets under it).</summary>
    public static string ListingQuery(string operation) => operation == Revoke ? "status=expired" : "type=user&include_all_permissions=true";
}

/// <summary>One timed bulk run, as the child reports it.</summary>
public sealed record BulkRunResult(double WallMs, int Changed, int Errors, string? FirstError);

/// <summary>One way of changing every key of a listing.</summary>
public interface IBulkMethod
{
    string Note { get; }

    /// <summary>Untimed: a fresh HttpClient, or Connect-Partoo (a fresh client-side budget).</summary>
    void Prepare();

    BulkRunResult Run();
}

/// <summary>The child side of a bulk case: PREP / RUN / END over stdin, as for the listing cases.</summary>
public static class BulkChild
{
    public static void Run(Dictionary<string, string> options)
    {
        var uri = new Uri(options["uri"]);
        var key = options["key"];
        var operation = options["operation"];
        var perMinute = int.Parse(options["perMinute"], CultureInfo.InvariantCulture);
        IBulkMethod method = options["method"] switch
        {
            "loop" => new SequentialBulkLoop(uri, key, operation),
            "PartooKeys" => new PartooKeysBulk(uri, key, options["manifest"], operation, perMinute),
            var other => throw new BenchmarkException("unknown bulk method " + other),
        };
        using var disposable = method as IDisposable;
        Protocol.Send(new Ready(PeakTracker.CurrentWorkingSet(), true, method.Note));
        for (var line = Console.In.ReadLine(); line is not null && line != "END"; line = Console.In.ReadLine())
        {
            switch (line)
            {
                case "PREP":
                    method.Prepare();
                    Protocol.Send("prepared");
                    break;
                case "RUN":
                    Protocol.Send(method.Run());
                    break;
                default:
                    throw new BenchmarkException("unexpected command " + line);
            }
        }
    }
}

/// <summary>
/// The loop a careful script would write: one HttpClient, the listing at per_page=100, then one key after another:
/// revoke = POST /api_keys/revoke/{id}; add a permission = GET the key with include_all_permissions=true, then PUT the
/// merged list. A 429 is waited out (Retry-After) and the request sent again.
/// </summary>
public sealed class SequentialBulkLoop(Uri baseUri, string key, string operation) : IBulkMethod, IDisposable
{
    private HttpClient? _http;

    public string Note => "HttpClient, sequential, waits out a 429's Retry-After";

    public void Prepare()
    {
        _http?.Dispose();
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = baseUri };
        _http.DefaultRequestHeaders.Add("x-APIKey", key);
    }

    public BulkRunResult Run()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var changed = 0;
        foreach (var id in ListIds())
        {
            if (operation == BulkOperation.Revoke)
            {
                Send(HttpMethod.Post, $"api_keys/revoke/{id}", "{}");
            }
            else
            {
                var current = JsonNode.Parse(Send(HttpMethod.Get, $"api_keys/{id}?include_all_permissions=true", null))!;
                var permissions = current["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
                if (permissions.Contains(BulkOperation.AddedPermission)) continue;
                permissions.Add(BulkOperation.AddedPermission);
                var body = new JsonObject { ["has_restricted_permissions"] = true, ["permissions"] = new JsonArray(permissions.Select(p => (JsonNode?)p).ToArray()) };
                Send(HttpMethod.Put, $"api_keys/{id}", body.ToJsonString());
            }
            changed++;
        }
        return new BulkRunResult(clock.Elapsed.TotalMilliseconds, changed, 0, null);
    }

    private List<int> ListIds()
    {
        var ids = new List<int>();
        for (int page = 1, maxPage = 1; page <= maxPage; page++)
        {
            using var document = JsonDocument.Parse(Send(HttpMethod.Get, $"api_keys?page={page}&per_page=100&{BulkOperation.ListingQuery(operation)}", null));
            maxPage = document.RootElement.GetProperty("max_page").GetInt32();
            var before = ids.Count;
            ids.AddRange(document.RootElement.GetProperty("api_keys").EnumerateArray().Select(k => k.GetProperty("id").GetInt32()));
            if (ids.Count == before) break;
        }
        return ids;
    }

    private string Send(HttpMethod method, string path, string? json)
    {
        var http = _http ?? throw new BenchmarkException("PREP was not sent");
        while (true)
        {
            using var request = new HttpRequestMessage(method, path);
            if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = http.Send(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Thread.Sleep(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }
            if (!response.IsSuccessStatusCode) throw new BenchmarkException($"{method} {path} answered {(int)response.StatusCode}");
            using var reader = new StreamReader(response.Content.ReadAsStream());
            return reader.ReadToEnd();
        }
    }

    public void Dispose() => _http?.Dispose();
}

/// <summary>
/// The PartooKeys pipeline in the hosted engine, as a user types it:
/// <c>Get-PartooApiKey -Status Expired | Revoke-PartooApiKey -Confirm:$false</c> or
/// <c>Get-PartooApiKey -Type User -IncludeAllPermissions | Set-PartooApiKey -AddPermission review_reply -Confirm:$false</c>.
/// </summary>
public sealed class PartooKeysBulk : IBulkMethod, IDisposable
{
    private readonly Uri _baseUri;
    private readonly string _operation;
    private readonly int _perMinute;
    private readonly Runspace _runspace;

    public PartooKeysBulk(Uri baseUri, string key, string manifest, string operation, int perMinute)
    {
        _baseUri = baseUri;
        _operation = operation;
        _perMinute = perMinute;
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        Invoke("Import-Module $args[0] -ErrorAction Stop", manifest);
        Invoke("Set-Secret -Name PartooApiKey -Secret ([System.Net.NetworkCredential]::new('', $args[0]).SecurePassword)", key);
    }

    public static string Pipeline(string operation) => operation == BulkOperation.Revoke
        ? "Get-PartooApiKey -Status Expired | Revoke-PartooApiKey -Confirm:$false"
        : $"Get-PartooApiKey -Type User -IncludeAllPermissions | Set-PartooApiKey -AddPermission {BulkOperation.AddedPermission} -Confirm:$false";

    public string Note => $"`{Pipeline(_operation)}`";

    /// <summary>A fresh connection before every run: the organisation's budget, as the benchmark sets it, starts full.</summary>
    public void Prepare() =>
        Invoke($"Disconnect-Partoo; Connect-Partoo -BaseUri $args[0] -MaxConcurrency {Orchestrator.DefaultMaxConcurrency} -MaxRequestsPerMinute {_perMinute}", _baseUri);

    public BulkRunResult Run()
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(Pipeline(_operation));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        shell.Invoke();
        var wall = clock.Elapsed.TotalMilliseconds;
        var errors = shell.Streams.Error;
        return new BulkRunResult(wall, -1, errors.Count, errors.Count > 0 ? errors[0].ToString() : null);
    }

    private void Invoke(string script, object? argument = null)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        if (argument is not null) shell.AddArgument(argument);
        try
        {
            shell.Invoke();
        }
        catch (RuntimeException ex)
        {
            throw new BenchmarkException($"'{script}' failed: {ex.Message}");
        }
        if (shell.Streams.Error.Count > 0) throw new BenchmarkException($"'{script}' failed: {shell.Streams.Error[0]}");
    }

    public void Dispose() => _runspace.Dispose();
}
