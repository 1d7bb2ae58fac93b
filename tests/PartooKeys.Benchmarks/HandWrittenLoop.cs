using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PartooKeys.Benchmarks;

/// <summary>
/// Baselines A (per_page=30, what a script with the defaults does) and B (per_page=100): a careful sequential loop
/// with one HttpClient per listing, streamed responses parsed with JsonDocument, pages 1..max_page.
/// </summary>
public sealed class HandWrittenLoop(Uri baseUri, string key, int perPage) : IListingMethod, IDisposable
{
    private HttpClient? _http;

    public bool HasMaxConcurrency => false;
    public string Note => $"HttpClient, per_page={perPage}, sequential";

    public Task PrepareAsync()
    {
        _http?.Dispose();
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = baseUri };
        _http.DefaultRequestHeaders.Add("x-APIKey", key);
        return Task.CompletedTask;
    }

    public async Task<(long Count, TimeSpan FirstObject)> RunAsync(Stopwatch clock)
    {
        var http = _http ?? throw new BenchmarkException("PREP was not sent");
        long count = 0;
        var first = TimeSpan.Zero;
        var maxPage = 1;
        for (var page = 1; page <= maxPage; page++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"api_keys?page={page}&per_page={perPage}");
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw new BenchmarkException($"GET {path} answered {(int)response.StatusCode}");
            await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(body).ConfigureAwait(false);
            var root = document.RootElement;
            maxPage = root.GetProperty("max_page").GetInt32();
            var keys = root.GetProperty("api_keys");
            var onPage = 0;
            foreach (var item in keys.EnumerateArray())
            {
                if (item.GetProperty("id").GetInt32() <= 0) throw new BenchmarkException("bad id");
                if (count == 0) first = clock.Elapsed;
                count++;
                onPage++;
            }
            if (onPage == 0) break;
        }
        return (count, first);
    }

    public void Dispose() => _http?.Dispose();
}
