using System.Text;

namespace PartooKeys.Client.Tests;

public sealed class ApiKeyChangesTests
{
    [Fact]
    public void OnlyTheFieldsSetAreWritten()
    {
        var changes = new ApiKeyChanges { Label = "New label" };
        Assert.Equal("""{"label":"New label"}""", Encoding.UTF8.GetString(changes.ToJson()));
    }

    [Fact]
    public void ClearingTheExpirationSendsNull()
    {
        var changes = new ApiKeyChanges { ExpirationDate = null };
        Assert.Equal("""{"expiration_date":null}""", Encoding.UTF8.GetString(changes.ToJson()));
    }

    [Fact]
    public void PermissionsAlwaysTravelWithTheRestrictionFlag()
    {
        var restricted = new ApiKeyChanges();
        restricted.Restrict(["review_read"]);
        Assert.Equal("""{"has_restricted_permissions":true,"permissions":["review_read"]}""", Encoding.UTF8.GetString(restricted.ToJson()));
        var open = new ApiKeyChanges();
        open.Unrestrict();
        Assert.Equal("""{"has_restricted_permissions":false,"permissions":[]}""", Encoding.UTF8.GetString(open.ToJson()));
    }

    [Fact]
    public void DatesDropTheTime()
    {
        var changes = new ApiKeyChanges { ExpirationDate = new DateTime(2027, 2, 20, 17, 45, 0), IpWhitelist = [] };
        Assert.Equal("""{"expiration_date":"2027-02-20","ip_whitelist":[]}""", Encoding.UTF8.GetString(changes.ToJson()));
        Assert.False(changes.IsEmpty);
        Assert.True(new ApiKeyChanges().IsEmpty);
    }
}
