using System.Net;
using System.Text;

namespace PartooKeys.Client.Tests;

/// <summary>GET /permissions read by the client, the suggestions for a typo, dependencies, and the catalogue audit rules.</summary>
public sealed class PermissionCatalogueTests
{
    private const string DocumentedAnswer = """
        { "sections": [ { "name": "presence", "order": 100, "subsections": [ { "name": "presence_pages", "order": 100,
            "permissions": [
              { "name": "business_edit",      "order": 100, "feature": "business_edition", "depends_on": null,            "disabled_for_roles": [] },
              { "name": "business_edit_name", "order": 101, "feature": "business_edition", "depends_on": "business_edit", "disabled_for_roles": [] } ] } ] } ] }
        """;

    private static Task<PermissionCatalogue> Read(string body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var client = new PartooClient(new PartooClientOptions(new Uri("http://127.0.0.1:9/v2"), Secure("k")) { Handler = new StubHandler(status, body, "application/json") });
        return client.GetPermissionsAsync(CancellationToken.None);
    }

    [Fact]
    public async Task TheDocumentedAnswerIsRead()
    {
        var catalogue = await Read(DocumentedAnswer);
        Assert.Equal(["business_edit", "business_edit_name"], catalogue.Permissions.Select(p => p.Name));
        var name = catalogue.Find("business_edit_name")!;
        Assert.Equal(("presence", "presence_pages", "business_edition", "business_edit", 101, 100, 100),
            (name.Section, name.Subsection, name.Feature, name.DependsOn, name.Order, name.SectionOrder, name.SubsectionOrder));
        Assert.Null(catalogue.Find("business_edit")!.DependsOn);
        Assert.Empty(name.DisabledForRoles);
        Assert.Equal("presence / presence_pages", name.Location);
    }

    [Fact]
    public async Task UnknownFieldsMissingListsAndNullsAreTolerated()
    {
        var catalogue = await Read("""
            { "sections": [
                { "name": "a", "icon": {"x": [1, 2]}, "subsections": [ { "name": "a1", "permissions": [
                    { "name": "x_read", "extra": true },
                    { "name": "x_edit", "depends_on": "x_read", "disabled_for_roles": ["PUBLISHER", null, ""], "order": 2.0 } ] } ] },
                { "name": "empty" },
                { "name": "b", "subsections": [ { "name": "b1" } ] } ],
              "org_id": "abc" }
            """);
        Assert.Equal(["x_read", "x_edit"], catalogue.Permissions.Select(p => p.Name));
        Assert.Equal(["PUBLISHER"], catalogue.Find("x_edit")!.DisabledForRoles);
        Assert.True(catalogue.Find("x_edit")!.IsDisabledFor("publisher"));
        Assert.Equal(2, catalogue.Find("x_edit")!.Order);
        Assert.Null(catalogue.Find("x_read")!.Feature);
    }

    [Theory]
    [InlineData("""{ "permissions": [] }""")]
    [InlineData("""{ "sections": null }""")]
    [InlineData("""{ "sections": [ null ] }""")]
    [InlineData("""{ "sections": [ { "name": "a", "subsections": [ { "permissions": [ { "order": 1 } ] } ] } ] }""")]
    [InlineData("""{ "sections": [ { "name": "a", "subsections": [ { "permissions": [ { "name": 5 } ] } ] } ] }""")]
    [InlineData("""{ "sections": "all" }""")]
    [InlineData("""[]""")]
    public async Task AMalformedAnswerIsAnInvalidAnswer(string body)
    {
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => Read(body));
        Assert.Equal(PartooFailure.InvalidAnswer, ex.Failure);
        Assert.Contains("/v2/permissions", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForbiddenAnswerIsA403()
    {
        var ex = await Assert.ThrowsAsync<PartooApiException>(() => Read("""{"error": {"authorization": "Operation not allowed"}}""", HttpStatusCode.Forbidden));
        Assert.Equal(403, ex.StatusCode);
    }

    private static PermissionCatalogue Catalogue(params (string Name, string? DependsOn)[] entries) =>
        new(entries.Select(e => new PartooPermission(e.Name, "s", "ss", null, e.DependsOn, [], null, null, null)));

    private static readonly PermissionCatalogue Sample = Catalogue(
        ("review_read", null), ("review_reply", "review_read"), ("business_edit", null), ("business_edit_name", "business_edit"),
        ("business_edit_hours", "business_edit"), ("post_read", null), ("post_create", null));

    [Theory]
    [InlineData("review_raed", new[] { "review_read" })]          // two letters swapped: one edit
    [InlineData("reveiw_read", new[] { "review_read" })]
    [InlineData("review_rea", new[] { "review_read" })]
    [InlineData("Review_Read", new[] { "review_read" })]
    [InlineData("review_reed", new[] { "review_read" })]              // only the closest
    [InlineData("review_repla", new[] { "review_reply" })]
    [InlineData("business_edit_nam", new[] { "business_edit_name" })]
    [InlineData("business_edit_hour_", new[] { "business_edit_hours" })]
    [InlineData("business_edit_x", new[] { "business_edit" })]
    [InlineData("business_edit_hour", new[] { "business_edit_hours" })]
    [InlineData("post_creat", new[] { "post_create" })]
    [InlineData("post_reat", new[] { "post_read" })]
    [InlineData("analytics_read", new string[0])]                   // nothing close: no suggestion
    [InlineData("", new string[0])]
    public void SuggestionsAreTheClosestRealNames(string typo, string[] expected) =>
        Assert.Equal(expected, Sample.Suggest(typo));

    [Theory]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ca", "abc", 3)]
    public void DistanceCountsSwapsAsOneEdit(string a, string b, int expected) => Assert.Equal(expected, PermissionCatalogue.Distance(a, b));

    [Fact]
    public void MissingDependenciesAreNamedInTheListOrder()
    {
        Assert.Equal([("business_edit_hours", "business_edit"), ("review_reply", "review_read")],
            Sample.MissingDependencies(["business_edit_hours", "review_reply", "post_read", "unknown_name", "business_edit_hours"]));
        Assert.Empty(Sample.MissingDependencies(["business_edit", "business_edit_name"]));
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 30, 0, TimeSpan.Zero);

    private static ApiKey Key(int id, bool restricted, params string[] permissions) => new()
    {
        Id = id, Label = "Key " + id, HasRestrictedPermissions = restricted, Permissions = permissions, IpWhitelist = ["203.0.113.7"],
        ExpirationDate = Now.UtcDateTime.Date.AddDays(180), LastUsedAt = Now.AddDays(-1), CreatedAt = Now.AddDays(-400),
    };

    private static ApiKey Complete(ApiKey key, params string[] permissions)
    {
        var copy = Key(key.Id, key.HasRestrictedPermissions, permissions);
        copy.PermissionsAreComplete = true;
        return copy;
    }

    [Fact]
    public void TheCatalogueRulesNeedACatalogue()
    {
        var auditor = new ApiKeyAuditor([AuditRule.UnknownPermission, AuditRule.MissingDependency], 30, 90, Now);
        Assert.True(auditor.WantsCatalogue);
        Assert.False(auditor.NeedsBothPermissionLists);
        var key = Key(1, true, "retired_name", "review_reply");
        Assert.Empty(auditor.Audit(key)); // no catalogue (e.g. Partoo answered 403): not evaluated
        auditor.Catalogue = Sample;
        Assert.True(auditor.NeedsBothPermissionLists);
        Assert.Equal([AuditRule.UnknownPermission, AuditRule.MissingDependency], auditor.Audit(key).Select(f => f.Rule));
    }

    [Fact]
    public void UnknownPermissionJudgesTheFullStoredListAndRecommendsRemovingThem()
    {
        var auditor = new ApiKeyAuditor([AuditRule.UnknownPermission], 30, 90, Now) { Catalogue = Sample };
        var cut = Key(7, true, "review_read");
        var finding = Assert.Single(auditor.Audit(cut, Complete(cut, "review_read", "old_export", "older_thing")));
        Assert.Equal((AuditSeverity.Low, 7, 7), (finding.Severity, finding.KeyId, finding.Id));
        Assert.Contains("old_export, older_thing", finding.Detail, StringComparison.Ordinal);
        Assert.Equal("Set-PartooApiKey -Id 7 -RemovePermission old_export,older_thing", finding.Recommendation);
        Assert.Empty(auditor.Audit(Key(8, false, "old_export"))); // unrestricted: the list is its user's, not the key's
    }

    [Fact]
    public void MissingDependencyRecommendsAddingTheDependency()
    {
        var auditor = new ApiKeyAuditor([AuditRule.MissingDependency], 30, 90, Now) { Catalogue = Sample };
        var finding = Assert.Single(auditor.Audit(Key(9, true, "business_edit_name", "business_edit_hours", "review_reply")));
        Assert.Equal(AuditRule.MissingDependency, finding.Rule);
        Assert.Contains("business_edit_name needs business_edit; business_edit_hours needs business_edit; review_reply needs review_read", finding.Detail, StringComparison.Ordinal);
        Assert.Equal("Set-PartooApiKey -Id 9 -AddPermission business_edit,review_read", finding.Recommendation);
        Assert.Empty(auditor.Audit(Key(10, true, "business_edit", "business_edit_name")));
    }
}
