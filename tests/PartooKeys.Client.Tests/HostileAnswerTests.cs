using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PartooKeys.Client.Tests;

/// <summary>Answers a hostile or broken server may give: none may carry the key away or into a message.</summary>
public sealed class HostileAnswerTests
{
    private const string Key = "SECRET-KEY-0123456789abcdef";

    [Theory]
    [InlineData(301)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task ARedirectToAnotherHostIsAnErrorAndTheKeyNeverReachesIt(int status)
    {
        using var thief = new Listener(_ => (200, """{"page":1,"max_page":1,"count":0,"api_keys":[]}""", null));
        using var api = new Listener(_ => (status, "", thief.Prefix + "steal?x=1"));
        using var client = new PartooClient(new PartooClientOptions(new Uri(api.Prefix + "v2"), Secure(Key)));

        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyPageAsync(new ApiKeyQuery(), 1, 100, CancellationToken.None));

        Assert.Equal(PartooFailure.Redirected, ex.Failure);
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains(thief.Prefix + "steal?***", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was sent there", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, api.Requests);
        Assert.Equal(0, thief.Requests);
    }

    [Theory]
    [InlineData(401, "application/json", """{"error": {"authentication": "User not authenticated: SECRET-KEY-0123456789abcdef"}}""", "User not authenticated")]
    [InlineData(400, "application/json", """{"errors": {"json": {"SECRET-KEY-0123456789abcdef": ["Unknown field."]}}}""", "Unknown field.")]
    [InlineData(401, "application/json", """{"error": {"authentication": "bad key \u0053ECRET-KEY-0123456789abcdef"}}""", "bad key")]
    [InlineData(502, "text/html", "<html><title>502 Bad Gateway</title><pre>x-APIKey: SECRET-KEY-0123456789abcdef\nq=SECRET-KEY-0123456789abcdef</pre></html>", "502 Bad Gateway")]
    [InlineData(502, "text/html", "<pre>GET /v2/api_keys?search_text=SECRET-KEY-0123456789abcdef</pre>", "search_text=")]
    public async Task AnAnswerThatEchoesTheKeyIsShownWithoutIt(int status, string mediaType, string body, string kept)
    {
        using var client = Stubbed(new StubHandler(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, mediaType) }));
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyAsync(5, false, CancellationToken.None));
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, ex.ServerMessage ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, ex.NonJsonExcerpt ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, string.Join(" ", ex.FieldErrors), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(kept, ex.Message, StringComparison.Ordinal);
        Assert.Contains("***", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSearchedValueIsRemovedFromAnAnswerThatEchoesIt()
    {
        const string leaked = "LEAKED-VALUE-42";
        using var client = Stubbed(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("""{"error": {"json": {"search_text": ["LEAKED-VALUE-42 is not valid"]}}}""", Encoding.UTF8, "application/json"),
        }));
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyPageAsync(new ApiKeyQuery { KeyValue = Secure(leaked) }, 1, 100, CancellationToken.None));
        Assert.DoesNotContain(leaked, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("search_text: *** is not valid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndlessAnswerStopsAtTheCap()
    {
        using var client = Stubbed(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream()) }), maxAnswerBytes: 1024 * 1024);
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyPageAsync(new ApiKeyQuery(), 1, 100, CancellationToken.None));
        Assert.Equal(PartooFailure.AnswerTooLarge, ex.Failure);
        Assert.Contains("larger than 1 MB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnnouncedLengthOverTheCapIsNotRead()
    {
        var stream = new EndlessStream();
        var content = new StreamContent(stream);
        content.Headers.ContentLength = 2L * 1024 * 1024;
        using var client = Stubbed(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = content }), maxAnswerBytes: 1024 * 1024);
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyPageAsync(new ApiKeyQuery(), 1, 100, CancellationToken.None));
        Assert.Equal(PartooFailure.AnswerTooLarge, ex.Failure);
        Assert.Equal(0, stream.BytesRead);
    }

    [Fact]
    public async Task AnAnswerJustUnderTheCapIsRead()
    {
        var page = """{"page":1,"max_page":1,"count":0,"api_keys":[]}""";
        using var client = Stubbed(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(page, Encoding.UTF8, "application/json") }), maxAnswerBytes: page.Length);
        Assert.Empty((await client.GetApiKeyPageAsync(new ApiKeyQuery(), 1, 100, CancellationToken.None)).ApiKeys!);
    }

    [Theory]
    [InlineData("http://api.partoo.co/v2", true)]
    [InlineData("http://10.0.0.5/v2", true)]
    [InlineData("https://api.partoo.co/v2", false)]
    [InlineData("http://127.0.0.1:5000/v2", false)]
    [InlineData("http://127.8.9.10/v2", false)]
    [InlineData("http://localhost:5000/v2", false)]
    [InlineData("http://[::1]:5000/v2", false)]
    public void PlainHttpCountsAsUnencryptedOnlyOffLoopback(string address, bool unencrypted) =>
        Assert.Equal(unencrypted, PartooClientOptions.IsUnencryptedRemote(new Uri(address)));

    private static PartooClient Stubbed(HttpMessageHandler handler, long? maxAnswerBytes = null)
    {
        var options = new PartooClientOptions(new Uri("http://127.0.0.1:9/v2"), Secure(Key)) { Handler = handler };
        if (maxAnswerBytes is long max) options.MaxAnswerBytes = max;
        return new PartooClient(options);
    }

    private sealed class EndlessStream : Stream
    {
        public long BytesRead;
        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'[', offset, count);
            BytesRead += count;
            return count;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A real HTTP server on loopback (the client's own handler, so its redirect setting is what is tested).</summary>
    private sealed class Listener : IDisposable
    {
        private readonly HttpListener _listener = new();
        private int _requests;

        private readonly Func<HttpListenerRequest, (int Status, string Body, string? Location)> _answer;

        public Listener(Func<HttpListenerRequest, (int Status, string Body, string? Location)> answer)
        {
            _answer = answer;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Prefix = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Prefix);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Prefix { get; }
        public int Requests => Volatile.Read(ref _requests);

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch { return; }
                Interlocked.Increment(ref _requests);
                var (status, body, location) = _answer(context.Request);
                context.Response.StatusCode = status;
                if (location is not null) context.Response.RedirectLocation = location;
                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public void Dispose() { _listener.Stop(); _listener.Close(); }
    }
}
