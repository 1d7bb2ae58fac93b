global using static PartooKeys.Client.Tests.TestSecrets;
using System.Net;
using System.Security;
using System.Text;

namespace PartooKeys.Client.Tests;

/// <summary>Secrets for the client's tests, as the module holds them: read-only SecureStrings.</summary>
internal static class TestSecrets
{
    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}

/// <summary>An HttpMessageHandler that answers every request itself, with the request attached as HttpClient would.</summary>
internal sealed class StubHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, HttpResponseMessage> _answer;

    public StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) => _answer = answer;

    /// <summary>The same answer every time: a status and a body of the given media type.</summary>
    public StubHandler(HttpStatusCode status, string body, string mediaType)
        : this(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) }) { }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = _answer(request);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}
