using System;
using System.Net.Http;
using System.Reflection;

namespace PartooKeys.Http;

/// <summary>
/// Redirects are never followed: .NET would send x-APIKey to whatever host a 3xx names (it strips only
/// Authorization). The client's own handler, and a handler given for tests or proxies (through any
/// DelegatingHandler chain), get automatic redirects turned off, so every 3xx reaches the client; an
/// answer that still comes from another address is refused (<see cref="WasFollowed"/>).
/// </summary>
internal static class RedirectGuard
{
    public static void TurnOff(HttpMessageHandler? handler)
    {
        while (handler is DelegatingHandler delegating) handler = delegating.InnerHandler;
        if (handler is null) return;
        try
        {
            if (handler is HttpClientHandler own) own.AllowAutoRedirect = false;
            else if (handler.GetType().GetProperty("AllowAutoRedirect", BindingFlags.Public | BindingFlags.Instance) is { CanWrite: true } property
                     && property.PropertyType == typeof(bool))
                property.SetValue(handler, false); // SocketsHttpHandler, WinHttpHandler, ...
        }
        catch (Exception ex) when (ex is InvalidOperationException or TargetInvocationException)
        {
            // A handler already in use cannot be changed: WasFollowed still refuses what it brings back.
        }
    }

    /// <summary>True when the answer came from another scheme, host or port than the connection's address.</summary>
    public static bool WasFollowed(HttpResponseMessage response, Uri baseUri) =>
        response.RequestMessage?.RequestUri is Uri answered && answered.IsAbsoluteUri &&
        Uri.Compare(answered, baseUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0;
}
