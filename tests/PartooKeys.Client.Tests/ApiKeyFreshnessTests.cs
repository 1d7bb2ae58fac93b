using System.Security;
using PartooKeys.Paging;
using PartooKeys.Simulator;

namespace PartooKeys.Client.Tests;

/// <summary>Which key objects a merge may start from without reading the key again, and what a listing tells its keys.</summary>
public sealed class ApiKeyFreshnessTests
{
    private static PartooClient Client(PartooSimulator simulator)
    {
        var secret = new SecureString();
        foreach (var c in simulator.CallerKey) secret.AppendChar(c);
        return new PartooClient(new PartooClientOptions(simulator.BaseUri, secret));
    }

    [Fact]
    public async Task OnlyAKeyJustReadWithItsFullPermissionListIsFresh()
    {
        await using var simulator = await PartooSimulator.StartAsync(SeedData.Standard());
        using var client = Client(simulator);

        var full = await client.GetApiKeyAsync(1011, includeAllPermissions: true, CancellationToken.None);
        var cut = await client.GetApiKeyAsync(1011, includeAllPermissions: false, CancellationToken.None);
        var updated = await client.UpdateApiKeyAsync(1011, new ApiKeyChanges { Label = "x" }, CancellationToken.None);
        var byHand = new ApiKey { Id = 1011, PermissionsAreComplete = true, Permissions = new ValueList(["review_read"]) };

        Assert.True(full.IsFreshFullRead(ApiKey.FreshFor));
        Assert.False(full.IsFreshFullRead(TimeSpan.FromTicks(-1)));
        Assert.False(cut.IsFreshFullRead(ApiKey.FreshFor));
        Assert.False(updated.IsFreshFullRead(ApiKey.FreshFor));
        Assert.False(byHand.IsFreshFullRead(ApiKey.FreshFor));

        // Marking a cut-down list complete, or replacing a list, does not make a read fresh.
        cut.PermissionsAreComplete = true;
        Assert.False(cut.IsFreshFullRead(ApiKey.FreshFor));
        Assert.True(cut.WasReadWithin(ApiKey.FreshFor));
        full.Permissions = new ValueList(["review_read"]);
        Assert.False(full.IsFreshFullRead(ApiKey.FreshFor));
    }

    [Fact]
    public async Task AListingWhoseKeysLeaveTheFilterAsTheyAreHandedOutMissesNone()
    {
        await using var simulator = await PartooSimulator.StartAsync(SeedData.Generated(250)); // 125 user keys
        using var client = Client(simulator);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery { Type = ApiKeyUserType.User }, pageSize: 10, maxConcurrency: 2);
        var handedOut = new List<int>();
        while (await pager.NextAsync(CancellationToken.None) is { } page)
        {
            handedOut.AddRange(page.Select(k => k.Id));
            // What a revoking pipeline does: the keys handed out leave the listing (here as user keys turned bots).
            foreach (var key in page) simulator.UpdateKey(key.Id, k => k.UserType = "bot");
        }

        var users = Enumerable.Range(1000, 250).Where(id => id % 2 == 1).ToList();
        Assert.Equal(users, handedOut.Order());
        Assert.Empty(pager.Warnings);
    }

    [Fact]
    public async Task AListingThatDoesNotShrinkIsReadOnce()
    {
        await using var simulator = await PartooSimulator.StartAsync(SeedData.Generated(250));
        using var client = Client(simulator);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery(), pageSize: 100, maxConcurrency: 4);
        var count = 0;
        while (await pager.NextAsync(CancellationToken.None) is { } page) count += page.Count;
        Assert.Equal(250, count);
        Assert.Equal(3, simulator.Requests.Count);
    }

    [Fact]
    public async Task KeysOfAListingKnowHowManyTheListingHandsOut()
    {
        await using var simulator = await PartooSimulator.StartAsync(SeedData.Generated(250));
        using var client = Client(simulator);
        using var pager = new ApiKeyPager(client, new ApiKeyQuery { IncludeAllPermissions = true }, pageSize: 100, skip: 20, first: 300, maxConcurrency: 2);
        var keys = new List<ApiKey>();
        while (await pager.NextAsync(CancellationToken.None) is { } page) keys.AddRange(page);

        Assert.Equal(230, keys.Count);
        Assert.All(keys, k => Assert.Equal(230, k.Listing!.Expected));
        Assert.All(keys, k => Assert.True(k.IsFreshFullRead(ApiKey.FreshFor)));
        Assert.Same(keys[0].Listing, keys[^1].Listing);
    }
}
