using PartooKeys.Changes;

namespace PartooKeys.Tests;

/// <summary>
/// Set-PartooApiKey's planner, tested as the pure function it is: (the key as read, the change asked) to
/// (the body to send or nothing, the words of the change, widening, warnings). No cmdlet, server or runspace.
/// </summary>
public sealed class ChangePlannerTests
{
    private static ApiKey Key(bool restricted = true, string[]? permissions = null, string[]? ips = null, DateTime? expires = null, string? description = "Pushes hours") => new()
    {
        Id = 1002,
        Label = "CRM sync",
        Description = description,
        ExpirationDate = expires,
        HasRestrictedPermissions = restricted,
        Permissions = permissions ?? ["business_edit", "review_read"],
        IpWhitelist = ips ?? ["203.0.113.7"],
    };

    private static ChangePlan Plan(ApiKey key, ChangeRequest request, bool current = true, bool complete = true) =>
        ChangePlanner.Plan(key, request, current, complete);

    private static readonly Dictionary<string, (ChangeRequest Request, ApiKey Key)> Cases = new()
    {
        ["label"] = (new ChangeRequest { Label = "CRM sync" }, Key()),
        ["description"] = (new ChangeRequest { Description = "Pushes hours" }, Key()),
        ["cleared description"] = (new ChangeRequest { Description = "" }, Key(description: "")),
        ["expiration"] = (new ChangeRequest { Expiration = new DateTime(2027, 4, 20) }, Key(expires: new DateTime(2027, 4, 20))),
        ["no expiration"] = (new ChangeRequest { NoExpiration = true }, Key(expires: null)),
        ["IP whitelist, another order and form"] = (new ChangeRequest { IpWhitelist = ["2001:DB8:0::/32", "10.0.0.1"] }, Key(ips: ["10.0.0.1", "2001:db8::/32"])),
        ["empty IP whitelist"] = (new ChangeRequest { IpWhitelist = [] }, Key(ips: [])),
        ["permissions"] = (new ChangeRequest { Permissions = ["review_read", "business_edit"] }, Key()),
        ["unrestricted"] = (new ChangeRequest { Unrestricted = true }, Key(restricted: false)),
        ["added permission it has"] = (new ChangeRequest { AddPermissions = ["review_read"] }, Key()),
        ["removed IP it lacks"] = (new ChangeRequest { RemoveIps = ["198.51.100.1"] }, Key()),
    };

    public static TheoryData<string> AlreadyAsAsked => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(AlreadyAsAsked))]
    public void AKeyAlreadyAsAskedGetsNoBodyAndANote(string what)
    {
        var (request, key) = Cases[what];
        var plan = Plan(key, request);
        Assert.True(plan.Body is null, what);
        Assert.Empty(plan.Changes);
        Assert.Empty(plan.Widening);
        Assert.Contains(plan.Notes, n => n == "API key 1002 'CRM sync' is already as asked; nothing was sent.");
    }

    [Theory]
    [MemberData(nameof(AlreadyAsAsked))]
    public void AKeyThatMayBeStaleIsNotTrustedToBeAsAsked(string what)
    {
        var (request, key) = Cases[what];
        if (request.MergesIps || request.MergesPermissions) return; // merges always start from a current key (the cmdlet reads it again)
        Assert.True(Plan(key, request, current: false).Body is { IsEmpty: false }, what);
    }

    [Fact]
    public void ReplacingPermissionsOfAKeyReadWithoutItsFullListIsSent()
    {
        var plan = Plan(Key(), new ChangeRequest { Permissions = ["business_edit", "review_read"] }, complete: false);
        Assert.NotNull(plan.Body);
        Assert.Equal(["business_edit", "review_read"], plan.Body!.Permissions);
    }

    [Fact]
    public void AnAbsentDescriptionIsUnknownSoClearingItIsSent()
    {
        var plan = Plan(Key(description: null), new ChangeRequest { Description = "" });
        Assert.True(plan.Body!.HasDescription);
        Assert.Equal("Clear the description", plan.Action);
    }

    [Fact]
    public void OnlyTheChangedFieldsAreSentAndTheActionSaysThemInOrder()
    {
        var plan = Plan(Key(), new ChangeRequest { Label = "CRM sync", Description = "New", AddPermissions = ["review_reply"], RemoveIps = ["203.0.113.7"] });
        var body = plan.Body!;
        Assert.False(body.HasLabel);
        Assert.Equal("New", body.Description);
        Assert.Equal(["business_edit", "review_read", "review_reply"], body.Permissions);
        Assert.True(body.RestrictsPermissions);
        Assert.Empty(body.IpWhitelist!);
        Assert.Equal("Set description to 'New'; remove IP whitelist entries 203.0.113.7 (the list becomes empty: no IP restriction); add permissions review_reply", plan.Action);
        Assert.Equal("API key 1002 'CRM sync'", plan.Target);
        Assert.True(plan.LiftsIpRestriction);
        Assert.Equal("API key 1002 'CRM sync': this will lift its IP restriction (it could be used from any address). Widen its access?", plan.Question);
        Assert.Contains("API key 1002 'CRM sync' already has the label 'CRM sync'.", plan.Notes);
    }

    [Fact]
    public void UnrestrictingARestrictedKeyWidensItAndIsAsked()
    {
        var plan = Plan(Key(), new ChangeRequest { Unrestricted = true });
        Assert.False(plan.Body!.RestrictsPermissions);
        Assert.True(plan.Body.HasPermissions);
        Assert.Equal(["give it every permission of its user (unrestricted)"], plan.Widening);
    }

    [Fact]
    public void NarrowingChangesAreNotAskedAbout()
    {
        var plan = Plan(Key(), new ChangeRequest { RemovePermissions = ["review_read"], AddIps = ["10.0.0.0/8"] });
        Assert.Empty(plan.Widening);
        Assert.Null(plan.Question);
        Assert.Equal(["203.0.113.7", "10.0.0.0/8"], plan.Body!.IpWhitelist);
        Assert.Equal(["business_edit"], plan.Body.Permissions);
    }

    [Fact]
    public void MergingPermissionsOfAnUnrestrictedKeyIsAWarningAndNothingToSend()
    {
        var plan = Plan(Key(restricted: false), new ChangeRequest { AddPermissions = ["review_reply"] });
        Assert.Null(plan.Body);
        Assert.Equal("API key 1002 'CRM sync' is unrestricted: it has every permission of its user, so -AddPermission and -RemovePermission change nothing. To restrict it, pass the full list with -Permission.", Assert.Single(plan.Warnings));
    }

    [Fact]
    public void ALabelWithControlCharactersIsEscapedInTheTextButSentExactly()
    {
        var key = Key();
        var plan = Plan(key, new ChangeRequest { Label = "new\u001b]0;x\u0007" });
        Assert.Equal("new\u001b]0;x\u0007", plan.Body!.Label);
        Assert.DoesNotContain('\u001b', plan.Target + plan.Action.Replace("new\u001b]0;x\u0007", string.Empty));
    }
}
