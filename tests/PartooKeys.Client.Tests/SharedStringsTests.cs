using System.Text.Json;
using PartooKeys.Json;

namespace PartooKeys.Client.Tests;

public sealed class SharedStringsTests
{
    private static ApiKeyPage Read(string json) => JsonSerializer.Deserialize(json, PartooJsonContext.Default.ApiKeyPage)!;

    [Fact]
    public void NamesThatRepeatAcrossKeysAreOneStringEach()
    {
        var page = Read("""
            {"page":1,"max_page":1,"count":2,"api_keys":[
              {"id":1,"user_role":"ORG_ADMIN","permissions":["business_edit","review_read"],"ip_whitelist":["10.0.0.0/8"]},
              {"id":2,"user_role":"ORG_ADMIN","permissions":["review_read","business_edit"],"ip_whitelist":["10.0.0.0/8"]}]}
            """);
        var (first, second) = (page.ApiKeys![0], page.ApiKeys[1]);
        Assert.Equal(["business_edit", "review_read"], first.Permissions);
        Assert.Equal(["review_read", "business_edit"], second.Permissions);
        Assert.Same(first.Permissions[0], second.Permissions[1]);
        Assert.Same(first.IpWhitelist[0], second.IpWhitelist[0]);
        Assert.Same(first.UserRole, second.UserRole);
    }

    [Fact]
    public void EscapedLongAndManyDistinctValuesReadAsSent()
    {
        var names = Enumerable.Range(0, 3000).Select(i => $"permission_{i}").ToList();
        var longName = new string('a', 200);
        var json = JsonSerializer.Serialize(new { id = 1, user_name = "Zo\u00e9", permissions = names.Append(longName).Append("caf\u00e9_read") });
        var escaped = json.Replace("caf\u00e9", "caf\\u00e9", StringComparison.Ordinal);
        var key = JsonSerializer.Deserialize(escaped, PartooJsonContext.Default.ApiKey)!;
        Assert.Equal(names.Append(longName).Append("caf\u00e9_read"), key.Permissions);
        Assert.Equal("Zo\u00e9", key.UserName);
        var again = JsonSerializer.Deserialize(escaped, PartooJsonContext.Default.ApiKey)!;
        Assert.Equal(key.Permissions, again.Permissions);
    }

    [Fact]
    public void ANonStringWhereAStringBelongsIsRefused() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"id":1,"user_role":7}""", PartooJsonContext.Default.ApiKey));
}
