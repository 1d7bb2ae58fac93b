using System.Net;
using System.Security;
using System.Text;
using PartooKeys.Paging;
using PartooKeys.Simulator;

namespace PartooKeys.Client.Tests;

/// <summary>The wire against a hostile gateway (the simulator's hostile modes) and hostile text: nothing leaves, nothing leaks, one bad key hides no other.</summary>
public sealed class HostileWireTests
{
    private const string Key = "SECRET-KEY-0123456789abcdef";

    private static PartooClient Client(PartooSimulator simulator, HttpMessageHandler? handler = null, IWebProxy? proxy = null) =>
        new(new PartooClientOptions(simulator.BaseUri, Secure(simulator.CallerKey)) { Handler = handler, Proxy = proxy });

    private static PartooClient Stubbed(Func<HttpRequestMessage, HttpResponseMessage> answer, IWebProxy? proxy = null) =>
        new(new PartooClientOptions(new Uri("http://127.0.0.1:9/v2"), Secure(Key)) { Handler = new StubHandler(answer), Proxy = proxy });

    [Theory]
    [InlineData(HostileMode.Redirect301)]
    [InlineData(HostileMode.Redirect302)]
    [InlineData(HostileMode.Redirect307)]
    [InlineData(HostileMode.Redirect308)]
    public async Task AHandlerGivenForTestsThatFollowsRedirectsIsTurnedOffSoNothingReachesTheOtherHost(HostileMode mode)
    {
        await using var simulator = await PartooSimulator.StartAsync();
        simulator.Knobs.Hostile = mode;
        var following = new HttpClientHandler { AllowAutoRedirect = true };
        using var client = Client(simulator, new PassOn(following));

        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyPageAsync(new ApiKeyQuery(), 1, 100, CancellationToken.None));

        Assert.Equal(PartooFailure.Redirected, ex.Failure);
        Assert.False(following.AllowAutoRedirect);
        Assert.Contains(simulator.Elsewhere.BaseUri + "v2/api_keys?***", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was sent there", ex.Message, StringComparison.Ordinal);
        Assert.Empty(simulator.Elsewhere.Requests);
    }

    [Fact]
    public async Task AnAnswerFromAnotherAddressIsRefusedWhenAHandlerFollowedARedirectAnyway()
    {
        using var client = Stubbed(request =>
        {
            request.RequestUri = new Uri("http://elsewhere.example/v2/api_keys?token=abc");
            return Json(HttpStatusCode.OK, """{"page":1,"max_page":1,"count":0,"api_keys":[]}""");
        });
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyPageAsync(new ApiKeyQuery(), 1, 100, CancellationToken.None));
        Assert.Equal(PartooFailure.Redirected, ex.Failure);
        Assert.Contains("http://elsewhere.example/v2/api_keys?***", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARedirectNamesItsAddressWithoutUserInfoOrQuery()
    {
        using var client = Stubbed(_ =>
        {
            var answer = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
            answer.Headers.Location = new Uri("https://user:hunter2@gateway.example/v2/api_keys?apikey=" + Key);
            return answer;
        });
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyAsync(5, false, CancellationToken.None));
        Assert.Contains("https://gateway.example/v2/api_keys?***", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HostileMode.EchoKey400, "Unknown field.")]
    [InlineData(HostileMode.EchoKey401, "User not authenticated")]
    [InlineData(HostileMode.EchoKeyEscaped401, "User not authenticated")]
    [InlineData(HostileMode.HeaderDump502, "502 Bad Gateway")]
    public async Task AGatewayThatEchoesTheKeyOrTheSearchedValueInAnyFormIsShownWithoutThem(HostileMode mode, string kept)
    {
        await using var simulator = await PartooSimulator.StartAsync();
        simulator.Knobs.Hostile = mode;
        using var client = Client(simulator);
        const string searched = "LEAKED-sim-secret-value";

        var ex = await Assert.ThrowsAsync<PartooApiException>(() =>
            client.GetApiKeyPageAsync(new ApiKeyQuery { KeyValue = Secure(searched) }, 1, 100, CancellationToken.None));

        var shown = ex + " " + ex.ServerMessage + " " + ex.NonJsonExcerpt + " " + string.Join(" ", ex.FieldErrors);
        Assert.DoesNotContain(simulator.CallerKey, shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(searched, shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Uri.EscapeDataString(simulator.CallerKey).Replace("-", "%2D"), shown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(kept, ex.Message, StringComparison.Ordinal);
        Assert.Contains("***", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/html", "<pre>sent %53%45%43%52%45%54%2D%4B%45%59%2D0123456789abcdef</pre>")]
    [InlineData("text/html", "<pre>sent &#83;&#69;&#67;&#82;&#69;&#84;-KEY-0123456789abcdef</pre>")]
    [InlineData("text/plain", "sent \\u0053ECRET-KEY-0123456789abcdef")]
    [InlineData("application/json", """{"error": "sent %53ECRET-KEY-0123456789abcdef"}""")]
    public async Task AnEscapedEchoIsShownDecodedAndRedacted(string mediaType, string body)
    {
        using var client = Stubbed(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyAsync(5, false, CancellationToken.None));
        Assert.DoesNotContain("0123456789abcdef", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("sent ***", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProxyPasswordIsNeverShownNorItsBasicForm()
    {
        var proxy = new WebProxy("http://127.0.0.1:3128") { Credentials = new NetworkCredential("proxyuser", "Pr0xy-Passw0rd") };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("proxyuser:Pr0xy-Passw0rd"));
        using var client = Stubbed(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent($"<pre>Proxy-Authorization: Basic {basic}\npassword=Pr0xy-Passw0rd</pre>", Encoding.UTF8, "text/html"),
        }, proxy);
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyAsync(5, false, CancellationToken.None));
        Assert.DoesNotContain("Pr0xy-Passw0rd", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(basic, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("Proxy-Authorization: Basic ***", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerLineEchoedInANetworkErrorIsRedacted()
    {
        using var client = Stubbed(_ => throw new HttpRequestException($"Received an invalid header line: 'x-APIKey {Key}'."));
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyAsync(5, false, CancellationToken.None));
        Assert.Equal(PartooFailure.Network, ex.Failure);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("invalid header line: 'x-APIKey ***'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnnouncedHugeBodyFailsBeforeReadingAndAnEndlessOneAtTheCap()
    {
        await using var simulator = await PartooSimulator.StartAsync();
        using var client = Client(simulator);
        foreach (var mode in new[] { HostileMode.HugeContentLength, HostileMode.EndlessBody })
        {
            simulator.Knobs.Hostile = mode;
            var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyPageAsync(new ApiKeyQuery(), 1, 100, CancellationToken.None));
            Assert.Equal(PartooFailure.AnswerTooLarge, ex.Failure);
            Assert.Contains("larger than 16 MB", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheRequestTimeoutCoversReadingTheBody()
    {
        var settings = new PartooSettings { TimeoutSec = 1 };
        var options = new PartooClientOptions(new Uri("http://127.0.0.1:9/v2"), Secure(Key), settings)
        {
            Handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StalledStream()) }),
        };
        using var client = new PartooClient(options);
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyPageAsync(new ApiKeyQuery(), 1, 100, CancellationToken.None));
        Assert.Equal(PartooFailure.Timeout, ex.Failure);
    }

    [Fact]
    public void AClientForPlainHttpToARemoteHostIsRefusedUnlessAllowed()
    {
        var options = new PartooClientOptions(new Uri("http://partoo.example/v2"), Secure(Key));
        Assert.Contains("unencrypted", Assert.Throws<ArgumentException>(() => new PartooClient(options)).Message, StringComparison.Ordinal);
        options.AllowUnencryptedAuthentication = true;
        using var allowed = new PartooClient(options);
        using var loopback = new PartooClient(new PartooClientOptions(new Uri("http://localhost:5000/v2"), Secure(Key)));
    }

    [Fact]
    public async Task AMalformedKeyInAPageIsReportedAloneWithItsIdAndFieldAndTheOthersAreRead()
    {
        await using var simulator = await PartooSimulator.StartAsync();
        simulator.Knobs.MalformedKeys = new() { [1003] = "BadDate", [1005] = "WrongType", [1009] = "NoId" };
        using var client = Client(simulator);

        var page = await client.GetApiKeyPageAsync(new ApiKeyQuery(), 1, 100, CancellationToken.None);

        var all = simulator.Keys.Select(k => k.Id).ToList();
        Assert.Equal(all.Except([1003, 1005, 1009]), page.ApiKeys!.Select(k => k.Id));
        Assert.Equal(3, page.Unreadable.Count);
        var date = page.Unreadable[0];
        Assert.Equal((1003, "expiration_date"), (date.Id, date.Field));
        Assert.Contains("'2026-13-45'", date.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("Key 1003 cannot be read: its field 'expiration_date'", date.ToString(), StringComparison.Ordinal);
        Assert.Equal((1005, "label"), (page.Unreadable[1].Id, page.Unreadable[1].Field));
        Assert.Contains("42", page.Unreadable[1].ToString(), StringComparison.Ordinal);
        Assert.Equal((null, "id"), (page.Unreadable[2].Id, page.Unreadable[2].Field));
        Assert.Equal(all.IndexOf(1009), page.Unreadable[2].Position);
    }

    [Fact]
    public async Task TheTextOfAnUnreadableKeyIsRedacted()
    {
        var page = "{\"page\":1,\"max_page\":1,\"count\":2,\"api_keys\":[{\"id\":7,\"expiration_date\":\"" + Key + "\"},{\"id\":8}]}";
        using var client = Stubbed(_ => Json(HttpStatusCode.OK, page));
        var answer = await client.GetApiKeyPageAsync(new ApiKeyQuery(), 1, 100, CancellationToken.None);
        Assert.Equal(8, Assert.Single(answer.ApiKeys!).Id);
        var bad = Assert.Single(answer.Unreadable);
        Assert.DoesNotContain(Key, bad.ToString(), StringComparison.Ordinal);
        Assert.Contains("'***'", bad.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheListingGoesOnPastAnUnreadableKeyWhichTakesItsPlaceInTheWindow()
    {
        await using var simulator = await PartooSimulator.StartAsync(SeedData.Generated(25));
        var ids = simulator.Keys.Select(k => k.Id).ToList();
        simulator.Knobs.MalformedKeys = new() { [ids[3]] = "BadTimestamp", [ids[12]] = "BadDate" };
        using var client = Client(simulator);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), pageSize: 10, skip: 2, first: 12, maxConcurrency: 2);
        var keys = new List<int>();
        var unreadable = new List<int?>();
        while (await pager.NextAsync(CancellationToken.None) is { } page)
        {
            keys.AddRange(page.Select(k => k.Id));
            unreadable.AddRange(pager.Unreadable.Select(u => u.Id));
        }

        Assert.Equal(ids.Skip(2).Take(12).Except([ids[3], ids[12]]), keys);
        Assert.Equal([ids[3], ids[12]], unreadable);
        Assert.Equal("created_at", (await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyAsync(ids[3], false, CancellationToken.None))).Message.Split('\'')[1]);
    }

    [Fact]
    public async Task AKeyReadByIdThatCannotBeReadIsAnInvalidKeyErrorNamingItsIdAndField()
    {
        await using var simulator = await PartooSimulator.StartAsync();
        simulator.Knobs.MalformedKeys = new() { [1003] = "BadDate" };
        using var client = Client(simulator);
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => client.GetApiKeyAsync(1003, false, CancellationToken.None));
        Assert.Equal(PartooFailure.InvalidKey, ex.Failure);
        Assert.Contains("Key 1003 cannot be read: its field 'expiration_date' is not valid: '2026-13-45' is not a date", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1004, (await client.GetApiKeyAsync(1004, false, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task AProxyAnswering407IsPassedWithItsCredentialsAndRefusesWithoutThem()
    {
        await using var simulator = await PartooSimulator.StartAsync();
        var proxyUri = simulator.Proxy.BaseUri;
        using (var without = Client(simulator, proxy: new WebProxy(proxyUri)))
        {
            var ex = await Assert.ThrowsAsync<PartooApiException>(() => without.GetApiKeyAsync(1001, false, CancellationToken.None));
            Assert.Equal(407, ex.StatusCode);
        }

        Assert.All(simulator.Proxy.Requests, r => Assert.Equal(407, r.Status));
        var credential = new NetworkCredential(simulator.ProxyUser, simulator.ProxyPassword);
        using var with = Client(simulator, proxy: new WebProxy(proxyUri) { Credentials = credential });
        Assert.Equal(1001, (await with.GetApiKeyAsync(1001, false, CancellationToken.None)).Id);
        Assert.Contains(simulator.Proxy.Requests, r => r.Status == 200 && r.ProxyUser == simulator.ProxyUser);
        Assert.Contains(simulator.Requests, r => r.Path == "/v2/api_keys/1001" && r.StatusCode == 200);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>A DelegatingHandler in front of the real one, as a test or a logging layer would put it.</summary>
    private sealed class PassOn(HttpMessageHandler inner) : DelegatingHandler(inner);

    /// <summary>A body that never sends a byte: only the request's timeout (or its cancellation) ends a read.</summary>
    private sealed class StalledStream : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
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
}
