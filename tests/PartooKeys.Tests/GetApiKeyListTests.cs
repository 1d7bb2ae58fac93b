using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Get-PartooApiKey's list set: filters, paging, progress, verbose.</summary>
public sealed class GetApiKeyListTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static bool IsExpired(SimKey k) => !k.Disabled && k.ExpirationDate < Today;

    public static TheoryData<string, string> Filters() => new()
    {
        { "-Status Active", "active" },
        { "-Status Inactive", "inactive" },
        { "-Status Disabled", "disabled" },
        { "-Status Expired", "expired" },
        { "-Type Bot", "bot" },
        { "-Type User", "user" },
        { "-Status Expired -Type Bot", "expired bot" },
        { "-Status Active -Type User", "active user" },
        { "-SearchText sync", "search sync" },
        { "-SearchText sim-secret-1010", "search secret" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task FiltersReturnExactlyTheMatchingKeys(string parameters, string meaning)
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run($"Get-PartooApiKey {parameters}");
        Assert.Empty(result.Errors);
        Func<SimKey, bool> expected = meaning switch
        {
            "active" => k => !k.Disabled && !IsExpired(k),
            "inactive" => k => k.Disabled || IsExpired(k),
            "disabled" => k => k.Disabled,
            "expired" => IsExpired,
            "bot" => k => k.UserType == "bot",
            "user" => k => k.UserType == "user",
            "expired bot" => k => IsExpired(k) && k.UserType == "bot",
            "active user" => k => !k.Disabled && !IsExpired(k) && k.UserType == "user",
            "search sync" => k => k.Label.Contains("sync", StringComparison.OrdinalIgnoreCase),
            "search secret" => k => k.Id == 1010,
            _ => throw new ArgumentException(meaning),
        };
        var expectedIds = session.Simulator.Keys.Where(expected).Select(k => k.Id).ToList();
        Assert.NotEmpty(expectedIds);
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
        var expected = session.Simulator.Keys.Where(k => !k.Disabled && !IsExpired(k) && !k.HasRestrictedPermissions).Select(k => k.Id);
        Assert.Equal(expected, result.Objects<int>());
    }

    [Fact]
    public async Task IncludeAllPermissionsShowsDormantPermissions()
    {
        await using var session = await SimulatorSession.StartAsync();
        var cut = session.Run("Get-PartooApiKey -Id 1011").Objects<ApiKey>().Single();
        var full = session.Run("Get-PartooApiKey -Id 1011 -IncludeAllPermissions").Objects<ApiKey>().Single();
        var stored = session.Simulator.FindKey(1011)!;
        Assert.Equal(stored.Permissions, full.Permissions);
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
        Assert.Equal(session.Simulator.Keys.Select(k => k.Id), ids);
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
        Assert.Equal(session.Simulator.Keys.Take(5).Select(k => k.Id), result.Objects<ApiKey>().Select(k => k.Id));
        Assert.Single(session.Simulator.Requests);
    }

    [Fact]
    public async Task SkipAsksOnlyForThePagesItNeeds()
    {
        await using var session = await SimulatorSession.StartAsync(SeedData.Generated(320));
        var result = session.Run("Get-PartooApiKey -Skip 150 -First 60");
        Assert.Equal(session.Simulator.Keys.Skip(150).Take(60).Select(k => k.Id), result.Objects<ApiKey>().Select(k => k.Id));
        Assert.Equal(["2", "3"], session.Simulator.Requests.Select(r => r.QueryValues["page"]).Order());

        session.Simulator.ClearRequests();
        var rest = session.Run("Get-PartooApiKey -Skip 150");
        Assert.Equal(session.Simulator.Keys.Skip(150).Select(k => k.Id), rest.Objects<ApiKey>().Select(k => k.Id));
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
        var gates = new System.Collections.Concurrent.ConcurrentDictionary<int, ManualResetEventSlim>();
        session.Simulator.Knobs.Override = request =>
        {
            if (request.QueryValues.TryGetValue("page", out var page) && page != "1")
            {
                var now = Interlocked.Increment(ref held);
                InterlockedMax(ref mostHeld, now);
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
            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref held) >= full, TimeSpan.FromSeconds(30)), $"the window never filled to {full} before page {page}");
            gates.GetOrAdd(page, _ => new ManualResetEventSlim()).Set();
        }
        var ids = shell.EndInvoke(invocation).Select(o => (int)o.BaseObject).ToList();
        Assert.Equal(session.Simulator.Keys.Select(k => k.Id), ids);
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
        Assert.Equal(session.Simulator.Keys.Select(k => k.Id), ids);
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
        Assert.Equal(session.Simulator.Keys.Select(k => k.Id), ids);
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
