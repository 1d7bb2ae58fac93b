using System.Net;
using System.Text;
using System.Web;
using PartooKeys.Paging;

namespace PartooKeys.Client.Tests;

/// <summary>
/// The pager against an in-memory GET /api_keys: which pages a window asks for, 0- and 1-based
/// servers, the listing shrinking or growing while it is read, and the warnings each case gives.
/// </summary>
public sealed class ApiKeyPagerTests
{
    /// <summary>A listing of ids answered page by page; <see cref="BeforeAnswer"/> may change it before each answer.</summary>
    private sealed class Listing : HttpMessageHandler
    {
        public Listing(int count, bool zeroBased = false)
        {
            Ids = Enumerable.Range(1, count).ToList();
            ZeroBased = zeroBased;
        }

        public List<int> Ids { get; }
        public bool ZeroBased { get; }
        public List<int> Pages { get; } = new();
        public Action<int>? BeforeAnswer { get; set; }
        /// <summary>When set, the page's entries (the count and max_page stay those of <see cref="Ids"/>).</summary>
        public Func<int, IEnumerable<int>>? Entries { get; set; }
        /// <summary>Answers without max_page: only the count tells how many pages there are.</summary>
        public bool WithoutMaxPage { get; init; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var page = int.Parse(query["page"]!);
            var perPage = int.Parse(query["per_page"]!);
            lock (Pages)
            {
                Pages.Add(page);
                BeforeAnswer?.Invoke(Pages.Count);
                var first = ZeroBased ? 0 : 1;
                var pages = (Ids.Count + perPage - 1) / perPage;
                var maxPage = ZeroBased ? Math.Max(0, pages - 1) : pages;
                var entries = Entries?.Invoke(page) ?? Ids.Skip((page - first) * perPage).Take(perPage);
                var keys = string.Join(",", entries.Select(id => $$"""{"id":{{id}},"label":"Key {{id}}","has_restricted_permissions":true,"permissions":["review_read"],"ip_whitelist":[]}"""));
                var shape = WithoutMaxPage ? string.Empty : $"\"max_page\":{maxPage},";
                var body = $$"""{"page":{{page}},{{shape}}"count":{{Ids.Count}},"api_keys":[{{keys}}]}""";
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request });
            }
        }
    }

    private static PartooClient Client(Listing listing)
    {
        var key = new System.Security.SecureString();
        foreach (var c in "pager-test-key") key.AppendChar(c);
        return new PartooClient(new PartooClientOptions(new Uri("http://127.0.0.1:9/v2"), key) { Handler = listing });
    }

    private static async Task<List<int>> ReadAll(ApiKeyPager pager)
    {
        var ids = new List<int>();
        while (await pager.NextAsync(CancellationToken.None) is { } page) ids.AddRange(page.Select(k => k.Id));
        return ids;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-1)]
    public void APageSizeOutsideOneToAHundredIsRefused(int size)
    {
        using var client = Client(new Listing(1));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ApiKeyPager(client, new ApiKeyQuery(), size));
        Assert.Contains("between 1 and 100", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 25)]
    [InlineData(100, 1)]
    public async Task PageSizesOneAndAHundredAreTaken(int size, int pages)
    {
        var listing = new Listing(25);
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), size);
        Assert.Equal(Enumerable.Range(1, 25), await ReadAll(pager));
        Assert.Equal(pages, pager.PagesRead);
        Assert.Equal(pages, pager.PageCount);
    }

    [Fact]
    public async Task AWholeListingIsReadPageByPageInOrder()
    {
        var listing = new Listing(25);
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        Assert.Null(pager.TotalCount);
        Assert.Null(pager.PageCount);
        Assert.Equal(0, pager.PageNumberHandedOut);

        var first = await pager.NextAsync(CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 10), first!.Select(k => k.Id));
        Assert.Equal(25, pager.TotalCount);
        Assert.Equal(3, pager.PageCount);
        Assert.Equal(1, pager.PageNumberHandedOut);
        Assert.Equal(1, pager.PagesRead);

        Assert.Equal(Enumerable.Range(11, 15), await ReadAll(pager));
        Assert.Equal(3, pager.PageNumberHandedOut);
        Assert.Equal(3, pager.PagesRead);
        Assert.Equal([1, 2, 3], listing.Pages);
        Assert.Empty(pager.Warnings);
        Assert.Null(await pager.NextAsync(CancellationToken.None));
        Assert.Equal(3, listing.Pages.Count);
    }

    [Fact]
    public async Task AServerThatCountsFromZeroIsAskedForPageZero()
    {
        var listing = new Listing(25, zeroBased: true);
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        Assert.Equal(Enumerable.Range(1, 25), await ReadAll(pager));
        Assert.Equal([1, 0, 1, 2], listing.Pages); // the first answer tells: page 1 was the second page
        Assert.Equal(3, pager.PageCount);
        Assert.Equal(3, pager.PageNumberHandedOut);
        Assert.Empty(pager.Warnings);
    }

    [Fact]
    public async Task AOneBasedServerWithOnePageIsNotTakenForZeroBased()
    {
        var listing = new Listing(7);
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        Assert.Equal(Enumerable.Range(1, 7), await ReadAll(pager));
        Assert.Equal([1], listing.Pages);
    }

    [Fact]
    public async Task AnEmptyListingIsOneRequestAndNoKey()
    {
        var listing = new Listing(0);
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        Assert.Empty(await ReadAll(pager));
        Assert.Equal([1], listing.Pages);
        Assert.Equal(0, pager.TotalCount);
    }

    [Fact]
    public async Task AWindowAsksOnlyForThePagesItNeeds()
    {
        var listing = new Listing(45);
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10, skip: 15, first: 7, maxConcurrency: 4);
        var keys = new List<ApiKey>();
        while (await pager.NextAsync(CancellationToken.None) is { } page) keys.AddRange(page);
        Assert.Equal(Enumerable.Range(16, 7), keys.Select(k => k.Id));
        Assert.Equal([2, 3], listing.Pages);
        Assert.All(keys, k => Assert.Equal(7, k.Listing!.Expected));
        Assert.Equal(3, pager.PageNumberHandedOut);
    }

    [Theory]
    [InlineData(20, 5, new[] { 3 })]          // the window starts on a page boundary
    [InlineData(19, 2, new[] { 2, 3 })]       // its last key on the first key of the next page
    [InlineData(0, 10, new[] { 1 })]
    [InlineData(0, 11, new[] { 1, 2 })]
    [InlineData(40, 100, new[] { 5 })]        // past the end: the keys there are
    public async Task WindowEdges(int skip, int first, int[] pages)
    {
        var listing = new Listing(45);
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10, skip: skip, first: first, maxConcurrency: 3);
        var expected = Enumerable.Range(skip + 1, Math.Max(0, Math.Min(first, 45 - skip)));
        Assert.Equal(expected, await ReadAll(pager));
        Assert.Equal(pages, listing.Pages);
    }

    [Fact]
    public async Task FirstZeroAsksNothingUnlessTheCountIsWanted()
    {
        var listing = new Listing(45);
        using var client = Client(listing);
        using (var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10, first: 0))
        {
            Assert.Null(await pager.NextAsync(CancellationToken.None));
            Assert.Empty(listing.Pages);
        }
        using (var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10, first: 0))
        {
            Assert.Empty((await pager.NextAsync(CancellationToken.None, forceFirstRequest: true))!);
            Assert.Equal(45, pager.TotalCount);
            Assert.Null(await pager.NextAsync(CancellationToken.None, forceFirstRequest: true)); // once only
            Assert.Equal([1], listing.Pages);
        }
    }

    [Fact]
    public async Task ANegativeSkipOrFirstCountsAsZero()
    {
        var listing = new Listing(5);
        using var client = Client(listing);
        using (var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10, skip: -3))
            Assert.Equal(Enumerable.Range(1, 5), await ReadAll(pager));
        using (var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10, first: -3))
            Assert.Empty(await ReadAll(pager));
    }

    [Fact]
    public async Task AListingThatShrinksWhileReadIsReadAgainAndNoKeyIsMissed()
    {
        var listing = new Listing(30);
        // The pipeline revokes what it lists: before the second answer, the first ten keys are gone.
        listing.BeforeAnswer = request => { if (request == 2) listing.Ids.RemoveRange(0, 10); };
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        var ids = await ReadAll(pager);
        Assert.Equal(Enumerable.Range(1, 30), ids.Order());
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(pager.Warnings);
        Assert.Equal(1, listing.Pages.Count(p => p == 1) - 1); // read again from its first page, once
    }

    [Fact]
    public async Task AWindowThatShrinksIsNotReadAgainButWarns()
    {
        var listing = new Listing(30);
        listing.BeforeAnswer = request => { if (request == 2) listing.Ids.RemoveRange(0, 5); };
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10, skip: 5);
        var ids = await ReadAll(pager);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains(pager.Warnings, w => w.Contains("changed from 30 to 25", StringComparison.Ordinal));
        Assert.DoesNotContain(1, listing.Pages.Skip(1)); // no second pass
    }

    [Fact]
    public async Task AListingThatGrowsWhileReadWarnsAndListsNoKeyTwice()
    {
        var listing = new Listing(25);
        // A key added at the front moves every key one place on: page 2 starts with a key already handed out.
        listing.BeforeAnswer = request => { if (request == 2) listing.Ids.Insert(0, 1000); };
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        var keys = new List<ApiKey>();
        while (await pager.NextAsync(CancellationToken.None) is { } page) keys.AddRange(page);
        Assert.Equal(Enumerable.Range(1, 25), keys.Select(k => k.Id));
        Assert.All(keys, k => Assert.Equal(25, k.Listing!.Expected)); // the size the listing had when it started
        Assert.Contains(pager.Warnings, w => w.Contains("changed from 25 to 26", StringComparison.Ordinal) && w.Contains("No key is listed twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWindowOfAListingThatGrowsStillHandsOutAsManyDistinctKeysAsAsked()
    {
        var listing = new Listing(45);
        listing.BeforeAnswer = request => { if (request == 2) listing.Ids.Insert(0, 1000); }; // page 2 starts with key 10 again
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10, first: 15);
        Assert.Equal(Enumerable.Range(1, 15), await ReadAll(pager));
    }

    [Fact]
    public async Task WithoutMaxPageTheCountTellsWhereTheListingEnds()
    {
        var listing = new Listing(50) { WithoutMaxPage = true };
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        Assert.Equal(Enumerable.Range(1, 50), await ReadAll(pager));
        Assert.Equal([1, 2, 3, 4, 5], listing.Pages);
        Assert.Equal(5, pager.PageCount);
    }

    [Fact]
    public async Task APageShorterThanThePageSizeBeforeTheLastWarns()
    {
        var listing = new Listing(30);
        listing.Entries = page => page == 2 ? Enumerable.Range(11, 6) : listing.Ids.Skip((page - 1) * 10).Take(10);
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        var ids = await ReadAll(pager);
        Assert.Equal(26, ids.Count);
        var warning = Assert.Single(pager.Warnings);
        Assert.Contains("Page 2 held 6 keys where 10 were expected", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShortLastPageIsNoSurprise()
    {
        var listing = new Listing(25);
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        await ReadAll(pager);
        Assert.Empty(pager.Warnings);
    }

    [Fact]
    public async Task AnEmptyPageEndsTheListing()
    {
        var listing = new Listing(30);
        listing.Entries = page => page >= 2 ? Enumerable.Empty<int>() : listing.Ids.Take(10);
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        Assert.Equal(Enumerable.Range(1, 10), await ReadAll(pager));
        Assert.DoesNotContain(4, listing.Pages); // at most the page fetched ahead meanwhile
    }

    [Fact]
    public async Task APageCountThatChangesWarns()
    {
        var listing = new Listing(25);
        // The count stays, max_page does not: the server's pages moved under the reader.
        using var client = Client(new MaxPageLiar(listing));
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        await ReadAll(pager);
        Assert.Contains(pager.Warnings, w => w.Contains("The number of pages changed from 3 to 4", StringComparison.Ordinal));
    }

    /// <summary>Says max_page 4 from the second answer on, with the same count.</summary>
    private sealed class MaxPageLiar(Listing inner) : DelegatingHandler(inner)
    {
        private int _answers;
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _answers) < 2) return response;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Content = new StringContent(body.Replace("\"max_page\":3", "\"max_page\":4"), Encoding.UTF8, "application/json");
            return response;
        }
    }

    private static PartooClient Client(HttpMessageHandler handler)
    {
        var key = new System.Security.SecureString();
        foreach (var c in "pager-test-key") key.AppendChar(c);
        return new PartooClient(new PartooClientOptions(new Uri("http://127.0.0.1:9/v2"), key) { Handler = handler });
    }

    [Fact]
    public async Task AListingThatKeepsShrinkingStopsAfterTenPassesWithAWarning()
    {
        var listing = new Listing(50);
        // Before each answer two keys leave at the front and a new one arrives at the end: every pass sees
        // the count drop, and finds keys it has not seen.
        var next = 1000;
        listing.BeforeAnswer = _ => { listing.Ids.RemoveRange(0, Math.Min(2, listing.Ids.Count)); listing.Ids.Add(next++); };
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        var ids = await ReadAll(pager);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var warning = Assert.Single(pager.Warnings);
        Assert.Contains("kept shrinking while it was read (10 passes)", warning, StringComparison.Ordinal);
        Assert.Equal(10, listing.Pages.Count(p => p == 1)); // each pass starts on page 1
    }

    [Fact]
    public async Task APassThatFindsNothingNewEndsTheRereading()
    {
        var listing = new Listing(30);
        listing.BeforeAnswer = request => { if (request == 2) listing.Ids.RemoveRange(0, 10); };
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        await ReadAll(pager);
        // Pass 1 shrank (20 left); pass 2 reads again from page 1, finds the 10 keys that moved up, and no shrink: done.
        Assert.Equal(2, listing.Pages.Count(p => p == 1));
        Assert.Empty(pager.Warnings);
    }

    [Fact]
    public async Task APassThatFindsNothingNewEndsTheRereadingEvenIfTheListingShrankAgain()
    {
        var listing = new Listing(30);
        // Pass 1 hands out 1-10, then 21-30 (1-10 left); pass 2 finds only 21-30 on page 1 (11-20 left meanwhile): nothing new.
        listing.BeforeAnswer = request =>
        {
            if (request == 2 || (listing.Pages[^1] == 1 && listing.Pages.Count(p => p == 1) == 2)) listing.Ids.RemoveRange(0, 10);
        };
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10);
        Assert.Equal([.. Enumerable.Range(1, 10), .. Enumerable.Range(21, 10)], await ReadAll(pager));
        Assert.Equal(2, listing.Pages.Count(p => p == 1)); // no third pass
        Assert.Empty(pager.Warnings);
    }

    [Fact]
    public async Task ConcurrencyAsksForPagesAheadButNeverPastTheEnd()
    {
        var listing = new Listing(45);
        using var client = Client(listing);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10, maxConcurrency: 8);
        Assert.Equal(Enumerable.Range(1, 45), await ReadAll(pager));
        Assert.Equal([1, 2, 3, 4, 5], listing.Pages.Order());
        Assert.Equal(1, listing.Pages[0]); // the first page alone first: it tells the shape
    }
    [Fact]
    public async Task PagesAnsweredOutOfOrderWhileKeysLeaveGiveNoWarningAndMissNoKey()
    {
        // Page 3 was answered before two keys left (count 30), page 2 after (count 28): handed out in order, the count
        // seems to rise from 28 to 30, but no key was added. The re-read finds the two keys that moved up to page 1.
        var calls = new Dictionary<int, int>();
        using var handler = new StubHandler(request =>
        {
            var page = int.Parse(HttpUtility.ParseQueryString(request.RequestUri!.Query)["page"]!);
            int call;
            lock (calls) { calls[page] = call = calls.GetValueOrDefault(page) + 1; }
            var (count, from) = (page, call) switch
            {
                (1, 1) => (30, 1),
                (2, 1) => (28, 13),
                (3, 1) => (30, 21),
                _ => (28, 3 + (page - 1) * 10),
            };
            var ids = Enumerable.Range(from, Math.Min(10, 30 - from + 1));
            var keys = string.Join(",", ids.Select(id => $$"""{"id":{{id}},"label":"Key {{id}}","permissions":[],"ip_whitelist":[]}"""));
            var body = $$"""{"page":{{page}},"max_page":3,"count":{{count}},"api_keys":[{{keys}}]}""";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        });
        using var client = Client(handler);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), 10, maxConcurrency: 2);
        var ids = await ReadAll(pager);
        Assert.Equal(Enumerable.Range(1, 30), ids.Order());
        Assert.Empty(pager.Warnings);
    }
}
