using System.Text;

namespace PartooKeys.Client.Tests;

/// <summary>The change planner's body: each field on its own, what "set" means for each, and the order sent.</summary>
public sealed class ApiKeyChangesContractTests
{
    private static string Json(ApiKeyChanges changes) => Encoding.UTF8.GetString(changes.ToJson());

    [Fact]
    public void NothingSetIsAnEmptyObjectAndEmpty()
    {
        var changes = new ApiKeyChanges();
        Assert.True(changes.IsEmpty);
        Assert.Equal("{}", Json(changes));
        Assert.False(changes.HasLabel || changes.HasDescription || changes.HasExpirationDate || changes.HasIpWhitelist || changes.HasPermissions);
    }

    [Fact]
    public void EachFieldAloneMakesTheChangeNotEmpty()
    {
        Assert.False(new ApiKeyChanges { Label = "x" }.IsEmpty);
        Assert.False(new ApiKeyChanges { Description = "x" }.IsEmpty);
        Assert.False(new ApiKeyChanges { ExpirationDate = null }.IsEmpty);
        Assert.False(new ApiKeyChanges { IpWhitelist = ["203.0.113.7"] }.IsEmpty);
        var restricted = new ApiKeyChanges();
        restricted.Restrict(["review_read"]);
        Assert.False(restricted.IsEmpty);
        var open = new ApiKeyChanges();
        open.Unrestrict();
        Assert.False(open.IsEmpty);
    }

    [Fact]
    public void ADescriptionIsSentAloneAndAnEmptyOneClearsIt()
    {
        var changes = new ApiKeyChanges { Description = "Used by the CRM" };
        Assert.True(changes.HasDescription);
        Assert.False(changes.HasLabel);
        Assert.Equal("Used by the CRM", changes.Description);
        Assert.Equal("""{"description":"Used by the CRM"}""", Json(changes));
        Assert.Equal("""{"description":""}""", Json(new ApiKeyChanges { Description = "" }));
        Assert.Equal("""{"description":null}""", Json(new ApiKeyChanges { Description = null }));
    }

    [Fact]
    public void ALabelSetToNullIsStillSent()
    {
        var changes = new ApiKeyChanges { Label = null };
        Assert.True(changes.HasLabel);
        Assert.Equal("""{"label":null}""", Json(changes));
    }

    [Fact]
    public void ANullWhitelistIsSentAsEmptyWhichLiftsTheRestriction()
    {
        var changes = new ApiKeyChanges { IpWhitelist = null };
        Assert.True(changes.HasIpWhitelist);
        Assert.Empty(changes.IpWhitelist!);
        Assert.Equal("""{"ip_whitelist":[]}""", Json(changes));
    }

    [Fact]
    public void ListsAreSentInTheirOrder()
    {
        var changes = new ApiKeyChanges { IpWhitelist = ["203.0.113.7", "2001:db8::/32"] };
        changes.Restrict(["review_read", "business_edit_hours"]);
        Assert.True(changes.RestrictsPermissions);
        Assert.Equal(["review_read", "business_edit_hours"], changes.Permissions!);
        Assert.Equal("""{"ip_whitelist":["203.0.113.7","2001:db8::/32"],"has_restricted_permissions":true,"permissions":["review_read","business_edit_hours"]}""", Json(changes));
    }

    [Fact]
    public void UnrestrictAfterRestrictSendsTheUsersPermissions()
    {
        var changes = new ApiKeyChanges();
        changes.Restrict(["review_read"]);
        changes.Unrestrict();
        Assert.False(changes.RestrictsPermissions);
        Assert.Empty(changes.Permissions!);
        Assert.Equal("""{"has_restricted_permissions":false,"permissions":[]}""", Json(changes));
    }

    [Fact]
    public void TheExpirationIsADateWhateverTheTimeAndKind()
    {
        var changes = new ApiKeyChanges { ExpirationDate = new DateTime(2027, 12, 31, 23, 59, 59, DateTimeKind.Utc) };
        Assert.Equal(new DateTime(2027, 12, 31), changes.ExpirationDate);
        Assert.Equal(TimeSpan.Zero, changes.ExpirationDate!.Value.TimeOfDay);
        Assert.Equal("""{"expiration_date":"2027-12-31"}""", Json(changes));
    }

    [Fact]
    public void EveryFieldTogetherInTheDocumentedOrder()
    {
        var changes = new ApiKeyChanges { Label = "CRM", Description = "sync", ExpirationDate = new DateTime(2027, 1, 2), IpWhitelist = ["10.0.0.1"] };
        changes.Restrict(["review_read"]);
        Assert.Equal("""{"label":"CRM","description":"sync","expiration_date":"2027-01-02","ip_whitelist":["10.0.0.1"],"has_restricted_permissions":true,"permissions":["review_read"]}""", Json(changes));
    }
}
