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

    /// <summary>What a key already as asked is told, word for word (Set's Verbose line).</summary>
    public static TheoryData<string, string> AlreadyNotes => new()
    {
        { "label", "already has the label 'CRM sync'." },
        { "description", "already has this description." },
        { "cleared description", "already has no description." },
        { "expiration", "already expires on 2027-04-20." },
        { "no expiration", "already has no expiration date." },
        { "IP whitelist, another order and form", "already has the IP whitelist 2001:DB8:0::/32, 10.0.0.1." },
        { "empty IP whitelist", "already has no IP whitelist." },
        { "permissions", "already has exactly the permissions review_read, business_edit." },
        { "unrestricted", "is already unrestricted (it has every permission of its user)." },
        { "added permission it has", "already has the permissions review_read." },
        { "removed IP it lacks", "does not list the IP whitelist entries 198.51.100.1." },
    };

    [Theory]
    [MemberData(nameof(AlreadyNotes))]
    public void AKeyAlreadyAsAskedIsToldWhatItAlreadyHas(string what, string note)
    {
        var (request, key) = Cases[what];
        Assert.Equal([$"API key 1002 'CRM sync' {note}", "API key 1002 'CRM sync' is already as asked; nothing was sent."], Plan(key, request).Notes);
    }

    private static readonly Dictionary<string, (ChangeRequest Request, string[] Changes, string[] Widening, string[] Notes)> Words = new()
    {
        ["label"] = (new ChangeRequest { Label = "Hours" }, ["set label to 'Hours'"], [], []),
        ["description"] = (new ChangeRequest { Description = "New" }, ["set description to 'New'"], [], []),
        ["cleared description"] = (new ChangeRequest { Description = "" }, ["clear the description"], [], []),
        ["expiration"] = (new ChangeRequest { Expiration = new DateTime(2027, 5, 1) }, ["set expiration date to 2027-05-01"], [], []),
        ["no expiration"] = (new ChangeRequest { NoExpiration = true }, ["remove the expiration date"], [], []),
        ["IP whitelist"] = (new ChangeRequest { IpWhitelist = ["10.0.0.1", "10.0.0.2"] }, ["set IP whitelist to 10.0.0.1, 10.0.0.2"], [], []),
        ["empty IP whitelist"] = (new ChangeRequest { IpWhitelist = [] }, ["lift the IP restriction (empty IP whitelist)"], ["lift its IP restriction (it could be used from any address)"], []),
        ["added IPs"] = (new ChangeRequest { AddIps = ["10.0.0.1", "203.0.113.7"] }, ["add IP whitelist entries 10.0.0.1"], [], ["already lists the IP whitelist entries 203.0.113.7."]),
        ["last IP removed"] = (new ChangeRequest { RemoveIps = ["203.0.113.7"] }, ["remove IP whitelist entries 203.0.113.7 (the list becomes empty: no IP restriction)"], ["lift its IP restriction (it could be used from any address)"], []),
        ["IP swapped"] = (new ChangeRequest { AddIps = ["10.0.0.1"], RemoveIps = ["203.0.113.7"] }, ["add IP whitelist entries 10.0.0.1", "remove IP whitelist entries 203.0.113.7"], [], []),
        ["permissions"] = (new ChangeRequest { Permissions = ["review_read"] }, ["restrict permissions to review_read"], [], []),
        ["merged permissions"] = (new ChangeRequest { AddPermissions = ["post_read", "review_read"], RemovePermissions = ["business_edit", "analytics_read"] },
          ["add permissions post_read", "remove permissions business_edit"], [], ["already has the permissions review_read.", "does not have the permissions analytics_read."]),
        ["removed permission"] = (new ChangeRequest { RemovePermissions = ["business_edit"] }, ["remove permissions business_edit"], [], []),
        ["unrestricted"] = (new ChangeRequest { Unrestricted = true }, ["give the key every permission of its user (unrestricted)"], ["give it every permission of its user (unrestricted)"], []),
    };

    public static TheoryData<string> ChangeWords => new(Words.Keys);

    [Theory]
    [MemberData(nameof(ChangeWords))]
    public void EachChangeIsWordedAsItWillBeDone(string what)
    {
        var (request, changes, widening, notes) = Words[what];
        var plan = Plan(Key(expires: new DateTime(2027, 4, 20)), request);
        Assert.NotNull(plan.Body);
        Assert.Equal(changes, plan.Changes);
        Assert.Equal(widening, plan.Widening);
        Assert.Equal(notes.Select(n => $"API key 1002 'CRM sync' {n}"), plan.Notes);
        Assert.True(plan.Changes.Count > 0, what);
    }

    [Fact]
    public void AnEmptyIpWhitelistSentToAKeyThatHasNoneWidensNothing()
    {
        var plan = Plan(Key(ips: []), new ChangeRequest { IpWhitelist = [] }, current: false); // not trusted to be as asked: sent
        Assert.NotNull(plan.Body);
        Assert.Empty(plan.Widening);
        Assert.False(plan.LiftsIpRestriction);
    }

    [Fact]
    public void MergesSendTheWholeListTheyMake()
    {
        var ips = Plan(Key(ips: ["203.0.113.7", "198.51.100.1"]), new ChangeRequest { AddIps = ["10.0.0.1", "203.0.113.7"], RemoveIps = ["198.51.100.1"] }).Body!;
        Assert.Equal(["203.0.113.7", "10.0.0.1"], ips.IpWhitelist);
        var permissions = Plan(Key(), new ChangeRequest { AddPermissions = ["post_read", "review_read"], RemovePermissions = ["business_edit"] }).Body!;
        Assert.Equal(["review_read", "post_read"], permissions.Permissions);
    }
}
