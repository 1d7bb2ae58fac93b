using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Http;
using PartooKeys.Json;

namespace PartooKeys;

/// <summary>
/// Partoo's API-key endpoints over one HttpClient (one per connection, never one per request).
/// Knows nothing of PowerShell.
/// </summary>
public sealed class PartooClient : IDisposable
{
    /// <summary>Query values that may carry a secret and are never shown.</summary>
    private static readonly HashSet<string> RedactedQueryNames = new(StringComparer.OrdinalIgnoreCase) { "search_text" };
    private const string Redacted = "***";
    /// <summary>The body of a revoke: the endpoint takes none, but a POST must be application/json.</summary>
    private static readonly byte[] EmptyJsonObject = { (byte)'{', (byte)'}' };

    private readonly PartooClientOptions _options;
    private readonly HttpClient _http;
    private readonly IRequestPolicy _policy;
    private readonly Redactor _redactor;

    public PartooClient(PartooClientOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (PartooClientOptions.IsUnencryptedRemote(options.BaseUri) && !options.AllowUnencryptedAuthentication)
            throw new ArgumentException($"'{options.BaseUri}' is http:// to a host that is not loopback: the key would travel unencrypted. Use https://, or set AllowUnencryptedAuthentication.", nameof(options));
        _redactor = new Redactor(options.ApiKey, options.Proxy?.Credentials as NetworkCredential);
        var handler = options.Handler ?? new HttpClientHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseProxy = true,
            Proxy = options.Proxy, // null: the system proxy
        };
        RedirectGuard.TurnOff(handler);
        if (options.Handler is null && options.Proxy is null && options.ProxyUseDefaultCredentials)
            ((HttpClientHandler)handler).DefaultProxyCredentials = CredentialCache.DefaultCredentials;
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = options.BaseUri,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // per request, below
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _policy = options.Policy ?? new SingleAttemptPolicy();
    }

    public PartooClientOptions Options => _options;

    public Task<ApiKeyPage> GetApiKeyPageAsync(ApiKeyQuery query, int page, int perPage, CancellationToken cancellationToken)
    {
        var values = new List<KeyValuePair<string, string>>
        {
            new("page", page.ToString(CultureInfo.InvariantCulture)),
            new("per_page", perPage.ToString(CultureInfo.InvariantCulture)),
        };
        values.AddRange(query.ToQueryValues());
        return SendAsync(HttpMethod.Get, "api_keys", values, null, (bytes, redactor) =>
        {
            var answer = Deserialize(bytes, PartooJsonContext.Default.ApiKeyPage);
            if (answer.ApiKeys is null) throw new JsonException("The answer has no 'api_keys' list.");
            foreach (var key in answer.ApiKeys) key.Normalize(query.IncludeAllPermissions);
            foreach (var unreadable in answer.Unreadable) unreadable.RedactWith(redactor);
            return answer;
        }, cancellationToken);
    }

    public Task<ApiKey> GetApiKeyAsync(int id, bool includeAllPermissions, CancellationToken cancellationToken)
    {
        var values = includeAllPermissions ? new[] { new KeyValuePair<string, string>("include_all_permissions", "true") } : null;
        return SendAsync(HttpMethod.Get, KeyPath(id), values, null, (bytes, _) => ReadKey(bytes, includeAllPermissions), cancellationToken);
    }

    /// <summary>POST /api_keys. If the answer carries the new secret ("api_key"), it lands in ApiKey.Secret only.</summary>
    public Task<ApiKey> CreateApiKeyAsync(ApiKeyChanges body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api_keys", null, body.ToJson(), (bytes, _) =>
        {
            var key = ReadKey(bytes, permissionsAreComplete: false);
            key.Secret = NewSecretReader.Read(bytes);
            return key;
        }, cancellationToken, idempotent: false);

    public Task<ApiKey> UpdateApiKeyAsync(int id, ApiKeyChanges body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, KeyPath(id), null, body.ToJson(), (bytes, _) => ReadKey(bytes, permissionsAreComplete: false), cancellationToken);

    /// <summary>
    /// POST /api_keys/revoke/{id}. Partoo answers {"id": ..., "status": "success"}; any JSON success answer is taken as done.
    /// A retry answered "already revoked" after an attempt of this call whose answer was lost is that attempt's work, not a failure.
    /// </summary>
    public Task<RevokeOutcome> RevokeApiKeyAsync(int id, CancellationToken cancellationToken)
    {
        var path = "api_keys/revoke/" + id.ToString(CultureInfo.InvariantCulture);
        var anAttemptMayHaveRevoked = false;
        return _policy.ExecuteAsync(async ct =>
        {
            try
            {
                await SendOnceAsync(HttpMethod.Post, path, null, EmptyJsonObject, (_, _) => true, ct, idempotent: true).ConfigureAwait(false);
                return RevokeOutcome.Revoked;
            }
            catch (PartooApiException ex) when (anAttemptMayHaveRevoked && ex.IsAlreadyRevoked) { return RevokeOutcome.RevokedBeforeAnswerLost; }
            catch (PartooApiException ex) when (ex.OutcomeUnknown)
            {
                anAttemptMayHaveRevoked = true;
                throw;
            }
        }, idempotent: true, cancellationToken);
    }

    /// <summary>
    /// After a create whose answer was lost: the active keys labelled exactly <paramref name="label"/> and created at or
    /// after <paramref name="since"/>, from one search (the first page of up to 100 keys whose label or secret contains the label).
    /// </summary>
    public async Task<IReadOnlyList<ApiKey>> FindKeysCreatedSinceAsync(string label, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var query = new ApiKeyQuery { SearchText = label, Status = ApiKeyStatusFilter.Active };
        using var pager = new Paging.ApiKeyPager(this, query, Paging.ApiKeyPager.MaxPageSize, first: Paging.ApiKeyPager.MaxPageSize);
        var keys = await pager.NextAsync(cancellationToken).ConfigureAwait(false) ?? Array.Empty<ApiKey>();
        return keys.Where(k => string.Equals(k.Label, label, StringComparison.Ordinal) && k.CreatedAt >= since).ToList();
    }

    /// <summary>GET /permissions: every permission the organisation can grant.</summary>
    public Task<PermissionCatalogue> GetPermissionsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "permissions", null, null,
            (bytes, _) => PermissionCatalogue.FromAnswer(Deserialize(bytes, PartooJsonContext.Default.PermissionCatalogueAnswer)), cancellationToken);

    private static string KeyPath(int id) => "api_keys/" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>One key; one that cannot be read is an <see cref="UnreadableKeyException"/> naming its id and field.</summary>
    private static ApiKey ReadKey(byte[] bytes, bool permissionsAreComplete)
    {
        ApiKey key;
        try { key = Deserialize(bytes, PartooJsonContext.Default.ApiKey); }
        catch (JsonException ex) when (TryElement(bytes) is JsonElement element && element.ValueKind == JsonValueKind.Object)
        {
            throw new UnreadableKeyException(UnreadableApiKey.From(element, ex, null, -1));
        }
        if (key.Id <= 0) throw new UnreadableKeyException(UnreadableApiKey.WithoutId(TryElement(bytes) ?? default, -1));
        key.Normalize(permissionsAreComplete);
        return key;
    }

    private static JsonElement? TryElement(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException) { return null; }
    }

    private static T Deserialize<T>(byte[] bytes, JsonTypeInfo<T> typeInfo)
    {
        var value = JsonSerializer.Deserialize(bytes, typeInfo);
        return value ?? throw new JsonException("The answer is JSON null.");
    }

    /// <summary>Whether a query value may carry a secret (shown as ***, removed from server text).</summary>
    internal static bool IsRedactedQueryName(string name) => RedactedQueryNames.Contains(name);

    /// <summary>The path and query as they may be shown to a user: secret-bearing values redacted.</summary>
    public string DisplayPath(string relativePath, IEnumerable<KeyValuePair<string, string>>? query) =>
        new Uri(_options.BaseUri, relativePath).AbsolutePath + BuildQuery(query, redact: true);

    private static string BuildQuery(IEnumerable<KeyValuePair<string, string>>? query, bool redact)
    {
        if (query is null) return string.Empty;
        var parts = query.Select(p => p.Key + "=" + (redact && RedactedQueryNames.Contains(p.Key) ? Redacted : Uri.EscapeDataString(p.Value))).ToList();
        return parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts);
    }

    /// <summary>One request through the connection's policy (rate limit, retries).</summary>
    private Task<T> SendAsync<T>(
        HttpMethod method, string relativePath, IEnumerable<KeyValuePair<string, string>>? query, byte[]? body,
        Func<byte[], Redactor, T> readAnswer, CancellationToken cancellationToken, bool idempotent = true)
    {
        var queryList = query?.ToList();
        return _policy.ExecuteAsync(ct => SendOnceAsync(method, relativePath, queryList, body, readAnswer, ct, idempotent), idempotent, cancellationToken);
    }

    /// <summary>
    /// One attempt: send, time out, read the answer or turn it into a PartooApiException.
    /// Cancellation stops an attempt before it is sent; a request that is not idempotent (a create)
    /// is never abandoned once sent, because Partoo may act on it: it ends with its answer or its timeout.
    /// </summary>
    private async Task<T> SendOnceAsync<T>(
        HttpMethod method, string relativePath, List<KeyValuePair<string, string>>? queryList, byte[]? body,
        Func<byte[], Redactor, T> readAnswer, CancellationToken cancellationToken, bool idempotent)
    {
        var displayPath = DisplayPath(relativePath, queryList);
        var redactor = _redactor.For(queryList);
        var observer = RequestObserver.Current;
        var stopwatch = Stopwatch.StartNew();
        cancellationToken.ThrowIfCancellationRequested();
        if (!idempotent) cancellationToken = CancellationToken.None;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Settings.Timeout);
        HttpResponseMessage response;
        byte[] bytes;
        try
        {
            using var request = BuildRequest(method, relativePath + BuildQuery(queryList, redact: false), body);
            WriteTracker.Sending(method.Method);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            observer?.RequestCompleted(new RequestRecord(method.Method, displayPath, null, stopwatch.Elapsed, "timed out"));
            throw TimedOut(method.Method, displayPath);
        }
        catch (HttpRequestException ex)
        {
            observer?.RequestCompleted(new RequestRecord(method.Method, displayPath, null, stopwatch.Elapsed, "connection failed"));
            throw new PartooApiException(PartooFailure.Network, method.Method, displayPath, null, null, null, null, null, null, null, WithoutSecrets(ex, redactor));
        }

        using (response)
        {
            try { bytes = await AnswerReader.ReadAsync(response.Content, _options.MaxAnswerBytes, timeout.Token).ConfigureAwait(false); }
            catch (AnswerTooLargeException)
            {
                observer?.RequestCompleted(new RequestRecord(method.Method, displayPath, (int)response.StatusCode, stopwatch.Elapsed, "answer too large"));
                throw new PartooApiException(PartooFailure.AnswerTooLarge, method.Method, displayPath, (int)response.StatusCode, null,
                    $"The answer is larger than {_options.MaxAnswerBytes / (1024 * 1024)} MB, so PartooKeys stopped reading it.", null, null, null, null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                observer?.RequestCompleted(new RequestRecord(method.Method, displayPath, (int)response.StatusCode, stopwatch.Elapsed, "timed out"));
                throw TimedOut(method.Method, displayPath);
            }
            catch (Exception ex) when (ex is HttpRequestException or System.IO.IOException)
            {
                throw new PartooApiException(PartooFailure.Network, method.Method, displayPath, (int)response.StatusCode, null, null, null, null, null, null, WithoutSecrets(ex, redactor));
            }
            var status = (int)response.StatusCode;
            observer?.RequestCompleted(new RequestRecord(method.Method, displayPath, status, stopwatch.Elapsed, null));

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (status is >= 300 and < 400) throw Redirected(method.Method, displayPath, status, response, redactor);
            if (RedirectGuard.WasFollowed(response, _options.BaseUri)) throw FollowedElsewhere(method.Method, displayPath, status, response, redactor);
            if (!response.IsSuccessStatusCode) throw HttpError(method.Method, displayPath, response, bytes, mediaType, redactor);

            if (bytes.Length == 0)
                throw InvalidAnswer(method.Method, displayPath, status, "the body is empty.", null, null);
            if (!LooksLikeJson(bytes))
                throw InvalidAnswer(method.Method, displayPath, status, null, redactor.Redact(PartooApiException.Excerpt(Decode(bytes))), mediaType);
            try
            {
                return readAnswer(bytes, redactor);
            }
            catch (UnreadableKeyException ex)
            {
                ex.Key.RedactWith(redactor);
                throw new PartooApiException(PartooFailure.InvalidKey, method.Method, displayPath, status, null, ex.Key.ToString(), null, null, null, null);
            }
            catch (JsonException ex)
            {
                var where = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" (at {ex.Path})";
                throw InvalidAnswer(method.Method, displayPath, status, redactor.Redact(FirstSentence(ex.Message) + where), null, null);
            }
        }
    }

    private HttpRequestMessage BuildRequest(HttpMethod method, string relativeUri, byte[]? body)
    {
        var request = new HttpRequestMessage(method, relativeUri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json"); // exactly that: Partoo answers 415 otherwise
        }
        // The only moment the key is plaintext: while this header is built.
        request.Headers.TryAddWithoutValidation("x-APIKey", SecureText.Reveal(_options.ApiKey));
        return request;
    }

    /// <summary>An error answer, every text of it redacted: a server may echo the key it was sent.</summary>
    private static PartooApiException HttpError(string method, string path, HttpResponseMessage response, byte[] bytes, string? mediaType, Redactor redactor)
    {
        var status = (int)response.StatusCode;
        string? message = null, excerpt = null;
        List<string>? fields = null;
        if (bytes.Length > 0 && (!LooksLikeJson(bytes) || !ErrorBodyReader.TryRead(bytes, out message, out fields)))
            excerpt = redactor.Redact(PartooApiException.Excerpt(redactor.Redact(Decode(bytes, ErrorBodyShown))!));
        return new PartooApiException(PartooFailure.HttpStatus, method, path, status, redactor.Redact(response.ReasonPhrase), redactor.Redact(message),
            fields?.Select(f => redactor.Redact(f)!).ToList(), excerpt, redactor.Redact(mediaType), RetryAfter(response));
    }

    /// <summary>A 3xx: never followed, so the key reaches no other host; the error names where it pointed.</summary>
    private static PartooApiException Redirected(string method, string path, int status, HttpResponseMessage response, Redactor redactor)
    {
        var location = response.Headers.Location;
        string target;
        if (location is null) target = "no address";
        else
        {
            var absolute = location.IsAbsoluteUri ? location : new Uri(response.RequestMessage?.RequestUri ?? new Uri("http://unknown/"), location);
            target = Shown(absolute);
        }
        return new PartooApiException(PartooFailure.Redirected, method, path, status, null,
            redactor.Redact($"The answer redirects to {target}; PartooKeys does not follow redirects, so nothing was sent there."), null, null, null, null);
    }

    /// <summary>A handler that followed a redirect anyway (one PartooKeys could not turn off): the answer is another host's, never used.</summary>
    private static PartooApiException FollowedElsewhere(string method, string path, int status, HttpResponseMessage response, Redactor redactor) =>
        new(PartooFailure.Redirected, method, path, status, null,
            redactor.Redact($"The answer came from {Shown(response.RequestMessage!.RequestUri!)}, not from the connection's address: a redirect was followed below PartooKeys. The answer was not used."), null, null, null, null);

    /// <summary>An address as shown in a message: no user info, the query as ***.</summary>
    private static string Shown(Uri uri) =>
        uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) + (uri.Query.Length > 1 ? "?***" : string.Empty);

    private PartooApiException TimedOut(string method, string path) =>
        new(PartooFailure.Timeout, method, path, null, null, $"No answer within {_options.Settings.Timeout.TotalSeconds:0.#} s.", null, null, null, null);

    private static PartooApiException InvalidAnswer(string method, string path, int status, string? problem, string? excerpt, string? mediaType, Exception? inner = null) =>
        new(PartooFailure.InvalidAnswer, method, path, status, null, problem, null, excerpt, mediaType, null, inner);

    /// <summary>Retry-After as seconds or an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is TimeSpan delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is DateTimeOffset date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static bool LooksLikeJson(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF) continue;
            return b is (byte)'{' or (byte)'[';
        }
        return false;
    }

    /// <summary>How much of an error body is decoded (and redacted as a whole) for its excerpt.</summary>
    private const int ErrorBodyShown = 64 * 1024;

    private static string Decode(byte[] bytes, int max = 4096) => Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, max));

    /// <summary>A network failure's exception, its text redacted if the server's words (an invalid status or header line) carried a secret.</summary>
    private static Exception WithoutSecrets(Exception ex, Redactor redactor)
    {
        var text = ex.GetBaseException().Message;
        var redacted = redactor.Redact(text);
        return redacted == text ? ex : new HttpRequestException(redacted);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message.Substring(0, cut + 1) : message;
    }

    public void Dispose()
    {
        _http.Dispose();
        _policy.Dispose();
    }
}
