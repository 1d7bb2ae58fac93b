using System;
using System.Net;
using System.Net.Http;
using System.Security;

namespace PartooKeys;

/// <summary>How a PartooClient reaches Partoo.</summary>
public sealed class PartooClientOptions
{
    public static readonly Uri ProductionUri = new("https://api.partoo.co/v2/");
    public static readonly Uri SandboxUri = new("https://sandbox.api.partoo.co/v2/");
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

    public PartooClientOptions(Uri baseUri, SecureString apiKey)
    {
        BaseUri = NormalizeBaseUri(baseUri);
        ApiKey = apiKey ?? throw new ArgumentNullException(nameof(apiKey));
    }

    public Uri BaseUri { get; }

    /// <summary>The key, kept encrypted in memory until a request header is built.</summary>
    public SecureString ApiKey { get; }

    /// <summary>How long one attempt may wait for an answer.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Retries after a transient failure (0 turns retries off).</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>The first backoff delay; each retry doubles it, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single wait before a retry, whatever Retry-After asks.</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The client-side limit that keeps bulk work under Partoo's 300 requests a minute.</summary>
    public int MaxRequestsPerMinute { get; set; } = 300;

    /// <summary>How many pages of a listing are fetched at once (1 to 16).</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>An explicit proxy; null uses the system proxy.</summary>
    public IWebProxy? Proxy { get; set; }

    public string UserAgent { get; set; } = "PartooKeys/" + typeof(PartooClientOptions).Assembly.GetName().Version?.ToString(3);

    /// <summary>Throttling and retries (PartooKeys.Resilience); null sends each request once. The client disposes it.</summary>
    public Http.IRequestPolicy? Policy { get; set; }

    /// <summary>For tests and proxies: the handler under the client's HttpClient.</summary>
    public HttpMessageHandler? Handler { get; set; }

    public static Uri ForEnvironment(PartooEnvironment environment) =>
        environment == PartooEnvironment.Sandbox ? SandboxUri : ProductionUri;

    /// <summary>An absolute http:// or https:// address (for Partoo's API or a proxy).</summary>
    public static bool IsHttpAddress(Uri? uri) =>
        uri is not null && uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Absolute http(s) URI ending with a slash, so relative paths append to it.</summary>
    public static Uri NormalizeBaseUri(Uri uri)
    {
        if (uri is null) throw new ArgumentNullException(nameof(uri));
        if (!IsHttpAddress(uri))
            throw new ArgumentException($"'{uri.OriginalString}' is not an absolute http:// or https:// address.", nameof(uri));
        var text = uri.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith("/", StringComparison.Ordinal) ? text : text + "/");
    }
}
