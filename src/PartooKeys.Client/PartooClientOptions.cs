using System;
using System.Net;
using System.Net.Http;
using System.Security;

namespace PartooKeys;

/// <summary>How a PartooClient reaches Partoo.</summary>
public sealed class PartooClientOptions
{
    public static readonly Uri ProductionUri = new("https://api.partoo.co/v2/");
    public static readonly Uri SandboxUri = new("https://api.sandbox.partoo.co/v2/");
    /// <summary>The Sandbox address older guides and client libraries name; reachable with -BaseUri.</summary>
    public static readonly Uri LegacySandboxUri = new("https://sandbox.api.partoo.co/v2/");

    public PartooClientOptions(Uri baseUri, SecureString apiKey, PartooSettings? settings = null)
    {
        BaseUri = NormalizeBaseUri(baseUri);
        ApiKey = apiKey ?? throw new ArgumentNullException(nameof(apiKey));
        Settings = settings?.Clone() ?? new PartooSettings();
    }

    public Uri BaseUri { get; }

    /// <summary>The key, kept encrypted in memory until a request header is built.</summary>
    public SecureString ApiKey { get; }

    /// <summary>Timeout, rate budget, concurrency and retries (defaults in PartooSettings).</summary>
    public PartooSettings Settings { get; }

    /// <summary>An explicit proxy; null uses the system proxy.</summary>
    public IWebProxy? Proxy { get; set; }

    /// <summary>Gives the proxy (explicit or the system's) the signed-in user's credentials.</summary>
    public bool ProxyUseDefaultCredentials { get; set; }

    /// <summary>Allows an http:// BaseUri to a host that is not loopback (the key then travels unencrypted); the client refuses one otherwise.</summary>
    public bool AllowUnencryptedAuthentication { get; set; }

    public string UserAgent { get; set; } = "PartooKeys/" + typeof(PartooClientOptions).Assembly.GetName().Version?.ToString(3);

    /// <summary>Throttling and retries (PartooKeys.Resilience); null sends each request once. The client disposes it.</summary>
    public Http.IRequestPolicy? Policy { get; set; }

    /// <summary>The largest answer read, in bytes (16 MB; a page of 100 keys is far below 1 MB). Enforced while reading.</summary>
    public long MaxAnswerBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>For tests and proxies: the handler under the client's HttpClient (automatic redirects are turned off on it, also under DelegatingHandlers).</summary>
    public HttpMessageHandler? Handler { get; set; }

    public static Uri ForEnvironment(PartooEnvironment environment) =>
        environment == PartooEnvironment.Sandbox ? SandboxUri : ProductionUri;

    /// <summary>An absolute http:// or https:// address (for Partoo's API or a proxy).</summary>
    public static bool IsHttpAddress(Uri? uri) =>
        uri is not null && uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Loopback: localhost, 127.0.0.0/8 or [::1], where plain http cannot leave the machine.</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the key would travel unencrypted to another machine: http:// to a host that is not loopback.</summary>
    public static bool IsUnencryptedRemote(Uri uri) => uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri);

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
