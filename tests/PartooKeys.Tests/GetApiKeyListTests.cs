using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Get-PartooApiKey's list set: filters, paging, progress, verbose.</summary>
public sealed class GetApiKeyListTests
{
    // Expected ids are literals, read from the standard seed (SeedData.Standard: 1004-1005 revoked, 1006-1007 expired,
    // 1013 without a user type), never computed with the simulator's own filter logic.
    public static TheoryData<string, int[]> Filters() => new()
    {
        { "-Status Active", [1001, 1002, 1003, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, 1016] },
        { "-Status Inactive", [1004, 1005, 1006, 1007] },
        { "-Status Disabled", [1004, 1005] },
        { "-Status Expired", [1006, 1007] },
        { "-Type Bot", [1001, 1003, 1004, 1006, 1008, 1010, 1012, 1015, 1016] },
        { "-Type User", [1002, 1005, 1007, 1009, 1011, 1014] },
        { "-Status Expired -Type Bot", [1006] },
        { "-Status Active -Type User", [1002, 1009, 1011, 1014] },
        { "-SearchText sync", [1002] },
        { "-SearchText sim-secret-1010", [1010] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task FiltersReturnExactlyTheMatchingKeys(string parameters, int[] expectedIds)
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run($"Get-PartooApiKey {parameters}");
        Assert.Empty(result.Errors);
        Assert.Equal(expectedIds, result.Objects<ApiKey>().Select(k => k.Id));
        var request = Assert.Single(session.Simulator.Requests);
        Assert.Equal("1", request.QueryValues["page"]);
        Assert.Equal("100", request.QueryValues["per_page"]);
    }

    [Fact]
    public async Task FilterValuesAreSentInPartoosSpelling()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Get-PartooApiKey -Status Inactive -Type User -SearchText 'a b&c' -IncludeAllPermissions");
        var query = Assert.Single(session.Simulator.Requests).QueryValues;
        Assert.Equal("inactive", query["status"]);
        Assert.Equal("user", query["type"]);
        Assert.Equal("a b&c", query["search_text"]);
        Assert.Equal("true", query["include_all_permissions"]);
    }

    [Fact]
    public async Task PipelinesWithWhereObjectWork()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooApiKey -Status Active | Where-Object { -not $_.HasRestrictedPermissions } | ForEach-Object Id");
        Assert.Equal([1001, 1003, 1008, 1009, 1010, 1014, 1015, 1016], result.Objects<int>());
    }

    [Fact]
    public async Task IncludeAllPermissionsShowsDormantPermissions()
    {
        await using var session = await SimulatorSession.StartAsync();
        var cut = session.Run("Get-PartooApiKey -Id 1011").Objects<ApiKey>().Single();
        var full = session.Run("Get-PartooApiKey -Id 1011 -IncludeAllPermissions").Objects<ApiKey>().Single();
        Assert.Equal(["review_read", "review_reply", "post_create", "analytics_read"], full.Permissions);
        Assert.True(full.PermissionsAreComplete);
        Assert.False(cut.PermissionsAreComplete);
        Assert.True(cut.Permissions.Length < full.Permissions.Length);
        Assert.Equal("true", session.Simulator.Requests[^1].QueryValues["include_all_permissions"]);
    }

    [Theory]
    [InlineData(1, 100, 1)]
    [InlineData(100, 100, 1)]
    [InlineData(101, 100, 2)]
    [InlineData(250, 100, 3)]
    [InlineData(250, 30, 9)]
    public async Task EveryKeyIsListedOnceAcrossPages(int count, int pageSize, int expectedRequests)
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(count));
        var result = session.Run("Get-PartooApiKey -PageSize $p -IncludeTotalCount", new() { ["p"] = pageSize });
        Assert.Empty(result.Errors);
        var ids = result.Objects<ApiKey>().Select(k => k.Id).ToList();
        Assert.Equal(count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(1000, count), ids);
        Assert.Equal(expectedRequests, session.Simulator.Requests.Count);
        Assert.Equal(Enumerable.Range(1, expectedRequests), session.Simulator.Requests.Select(r => int.Parse(r.QueryValues["page"])).Order());
    }

    [Fact]
    public async Task IncludeTotalCountWritesTheServersCount()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(150));
        var result = session.Run("Get-PartooApiKey -IncludeTotalCount -First 3");
        Assert.Equal(4, result.Output.Count);
        Assert.Equal(150UL, Convert.ToUInt64(result.Output[0].BaseObject));
        Assert.Single(session.Simulator.Requests);
    }

    [Fact]
    public async Task FirstFiveMakesOneRequest()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(1000));
        var result = session.Run("Get-PartooApiKey -First 5");
        Assert.Equal(Enumerable.Range(1000, 5), result.Objects<ApiKey>().Select(k => k.Id));
        Assert.Single(session.Simulator.Requests);
    }

    [Fact]
    public async Task SkipAsksOnlyForThePagesItNeeds()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(320));
        var result = session.Run("Get-PartooApiKey -Skip 150 -First 60");
        Assert.Equal(Enumerable.Range(1150, 60), result.Objects<ApiKey>().Select(k => k.Id));
        Assert.Equal(["2", "3"], session.Simulator.Requests.Select(r => r.QueryValues["page"]).Order());

        session.Simulator.ClearRequests();
        var rest = session.Run("Get-PartooApiKey -Skip 150");
        Assert.Equal(Enumerable.Range(1150, 170), rest.Objects<ApiKey>().Select(k => k.Id));
        Assert.Equal(["2", "3", "4"], session.Simulator.Requests.Select(r => r.QueryValues["page"]).Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task FirstKeyReachesThePipelineBeforeTheNextPageIsAskedFor(int concurrency)
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(30), connectParameters: $"-MaxConcurrency {concurrency}");
        // Each key records how many requests the server had seen when the key reached ForEach-Object.
        var result = session.Run("Get-PartooApiKey -PageSize 10 | ForEach-Object { $sim.Requests.Count }");
        var seen = result.Objects<int>().ToList();
        Assert.Equal(30, seen.Count);
        Assert.Equal(1, seen[0]);
        Assert.Equal(1, seen[9]);
        if (concurrency == 1)
        {
            // One request at a time: page 3 is asked for once page 2 has arrived, while page 2's keys are written
            // (whether it reaches the server before key 11 reaches ForEach-Object is a race, so not asserted).
            Assert.InRange(seen[10], 2, 3);
            Assert.Equal(3, seen[29]);
        }
        Assert.Equal(3, session.Simulator.Requests.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task PagesAreFetchedAheadWithBoundedConcurrency(int concurrency)
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(1000), connectParameters: $"-MaxConcurrency {concurrency}");
        // Pages after the first are held at the simulator and let go one at a time, only once the window is full:
        // the most requests held at once is the number the client had in flight.
        var held = 0;
        var mostHeld = 0;
        using var arrived = new SemaphoreSlim(0); // released once per page held
        var gates = new System.Collections.Concurrent.ConcurrentDictionary<int, ManualResetEventSlim>();
        session.Simulator.Knobs.Override = request =>
        {
            if (request.QueryValues.TryGetValue("page", out var page) && page != "1")
            {
                var now = Interlocked.Increment(ref held);
                InterlockedMax(ref mostHeld, now);
                arrived.Release();
                gates.GetOrAdd(int.Parse(page), _ => new ManualResetEventSlim()).Wait(TimeSpan.FromSeconds(30));
                Interlocked.Decrement(ref held);
            }
            return null;
        };
        using var shell = session.Shell.Prepare("Get-PartooApiKey | ForEach-Object Id");
        var invocation = shell.BeginInvoke();
        for (var page = 2; page <= 10; page++) // let go in Partoo's order, the one the pager waits for first
        {
            var full = Math.Min(concurrency, 11 - page);
            while (Volatile.Read(ref held) < full)
                Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(30)), $"the window never filled to {full} before page {page}");
            gates.GetOrAdd(page, _ => new ManualResetEventSlim()).Set();
        }
        var ids = shell.EndInvoke(invocation).Select(o => (int)o.BaseObject).ToList();
        Assert.Equal(Enumerable.Range(1000, 1000), ids);
        Assert.Equal(concurrency, mostHeld);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    [Fact]
    public async Task ConcurrentPagesStillArriveInTheServersOrder()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(2000), connectParameters: "-MaxConcurrency 16");
        session.Simulator.Knobs.Latency = TimeSpan.FromMilliseconds(5);
        var ids = session.Run("Get-PartooApiKey -PageSize 25").Objects<ApiKey>().Select(k => k.Id).ToList();
        Assert.Equal(Enumerable.Range(1000, 2000), ids);
        Assert.Equal(80, session.Simulator.Requests.Count);
    }

    [Fact]
    public async Task EveryRequestHasItsVerboseLineEvenWhenFetchedAhead()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(1000));
        var result = session.Run("Get-PartooApiKey -Verbose");
        Assert.Equal(10, session.Simulator.Requests.Count);
        Assert.Equal(10, result.Verbose.Count(v => v.Message.StartsWith("GET /v2/api_keys?page=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AServerThatCountsPagesFromZeroIsReadCompletely()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(250));
        session.Simulator.Knobs.ZeroBasedPages = true;
        var ids = session.Run("Get-PartooApiKey").Objects<ApiKey>().Select(k => k.Id).ToList();
        Assert.Equal(Enumerable.Range(1000, 250), ids);
    }

    [Fact]
    public async Task ProgressReportsPagesAndCompletes()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(250));
        var result = session.Run("Get-PartooApiKey");
        var progress = result.Progress.Where(p => p.Activity == "Listing Partoo API keys").ToList();
        Assert.Contains(progress, p => p.StatusDescription.StartsWith("Page 1 of 3", StringComparison.Ordinal));
        Assert.Contains(progress, p => p.StatusDescription.StartsWith("Page 3 of 3", StringComparison.Ordinal) && p.PercentComplete == 100);
        Assert.Equal(System.Management.Automation.ProgressRecordType.Completed, progress[^1].RecordType);
    }

    [Fact]
    public async Task VerboseShowsOneLinePerRequestWithoutSearchText()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(150));
        var result = session.Run("Get-PartooApiKey -SearchText 'Key 01' -PageSize 50 -Verbose");
        var lines = result.Verbose.Select(v => v.Message).Where(m => m.StartsWith("GET ", StringComparison.Ordinal)).ToList();
        Assert.Equal(session.Simulator.Requests.Count, lines.Count);
        Assert.All(lines, line => Assert.Matches(@"^GET /v2/api_keys\?\S*\bsearch_text=\*\*\*(&\S*)? -> 200 in \d+ ms$", line));
        Assert.DoesNotContain(result.Verbose, v => v.Message.Contains("Key 01", StringComparison.Ordinal) || v.Message.Contains("Key%2001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoKeysIsNoOutputAndNoError()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooApiKey -SearchText nothing-matches-this");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Single(session.Simulator.Requests);
    }

    [Fact]
    public async Task ParametersOutsideTheirRangeAreRefusedBeforeAnythingIsSent()
    {
        await using var session = await SimulatorSession.StartAsync();
        foreach (var (script, value) in new[] { ("Get-PartooApiKey -PageSize 0", "0"), ("Get-PartooApiKey -PageSize 101", "101"), ("Get-PartooApiKey -Status Expird", "Expird"),
                     ("Get-PartooApiKey -Type Robot", "Robot"), ("Get-PartooApiKey -SearchText ''", "SearchText") })
        {
            var error = session.Run(script).AnyError();
            Assert.Contains("Argument", error.FullyQualifiedErrorId);
            Assert.Contains(error.CategoryInfo.Category, new[] { System.Management.Automation.ErrorCategory.InvalidArgument, System.Management.Automation.ErrorCategory.InvalidData });
            Assert.Contains(value, error.ToString());
        }
        Assert.Empty(session.Simulator.Requests);
    }
}
