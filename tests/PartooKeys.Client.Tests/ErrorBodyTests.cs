using System.Net;
using System.Text;
using PartooKeys.Http;

namespace PartooKeys.Client.Tests;

public sealed class ErrorBodyTests
{
    [Theory]
    [InlineData("""{"error": {"authentication": "User not authenticated"}}""", "User not authenticated")]
    [InlineData("""{"error": {"authorization": "Operation not allowed"}}""", "Operation not allowed")]
    [InlineData("""{"error": {"json": "Resource not found"}}""", "Resource not found")]
    [InlineData("""{"errors": {"json": "Unsupported media type. Please use application/json"}}""", "Unsupported media type. Please use application/json")]
    [InlineData("""{"error": "plain text"}""", "plain text")]
    [InlineData("""{"error": {"json": {"label": ["Missing data for required field."]}}}""", "label: Missing data for required field.")]
    [InlineData("""{"error": {"json": {"ip_whitelist": {"0": ["Not a valid IP."]}}}}""", "ip_whitelist.0: Not a valid IP.")]
    public void BothBodyShapesAreRead(string body, string expected)
    {
        Assert.True(ErrorBodyReader.TryRead(Encoding.UTF8.GetBytes(body), out var message, out _));
        Assert.Equal(expected, message);
    }

    [Fact]
    public void HtmlIsNotJson() => Assert.False(ErrorBodyReader.TryRead(Encoding.UTF8.GetBytes("<html><body>502</body></html>"), out _, out _));

    [Fact]
    public void TheExceptionNamesMethodPathStatusAndMessage()
    {
        var ex = new PartooApiException(PartooFailure.HttpStatus, "GET", "/v2/api_keys/5", 404, "Not Found", "Resource not found", null, null, null, null);
        Assert.Equal("GET /v2/api_keys/5 failed: 404 Not Found. Partoo says: Resource not found.", ex.Message);
    }

    [Fact]
    public async Task TheKeyIsNotInTheExceptionAndSearchTextIsRedacted()
    {
        const string key = "SECRET-KEY-123";
        using var client = new PartooClient(new PartooClientOptions(new Uri("http://127.0.0.1:9/v2"), Secure(key))
        {
            Handler = new StubHandler(HttpStatusCode.BadGateway, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "text/html"),
        });
        var ex = await Assert.ThrowsAsync<PartooApiException>(() =>
            client.GetApiKeyPageAsync(new ApiKeyQuery { SearchText = key }, 1, 100, CancellationToken.None));
        Assert.DoesNotContain(key, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal("/v2/api_keys?page=1&per_page=100&search_text=***", ex.Path);
        Assert.Contains("502 Bad Gateway", ex.NonJsonExcerpt);
    }
}
