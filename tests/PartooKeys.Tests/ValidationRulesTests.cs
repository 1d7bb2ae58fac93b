using System.Text.Json;
using PartooKeys.Completion;
using PartooKeys.Errors;
using PartooKeys.Validation;

namespace PartooKeys.Tests;

/// <summary>
/// The catalogue checks (PermissionCheck) and the catalogue reader (PermissionCatalogueReader) as
/// plain logic: a hand-made catalogue, keys read from JSON, and a runner standing for the request.
/// </summary>
public sealed class ValidationRulesTests
{
    private static PartooPermission Permission(string name, string? dependsOn = null, params string[] disabledFor) =>
        new(name, "reviews", name.StartsWith("review", StringComparison.Ordinal) ? "review_management" : "", null, dependsOn, disabledFor, null, null, null);

    private static readonly PermissionCatalogue Catalogue = new([
        Permission("review_read"),
        Permission("review_reply", dependsOn: "review_read"),
        Permission("business_edit"),
        Permission("business_edit_hours", "business_edit", "PUBLISHER"),
        Permission("user_manage", null, "PUBLISHER", "BUSINESS_MANAGER"),
    ]);

    private static ApiKey Key(string permissions, string? role = "PUBLISHER") =>
        JsonSerializer.Deserialize<ApiKey>($$"""{"id":7,"label":"CRM","user_role":{{(role is null ? "null" : $"\"{role}\"")}},"has_restricted_permissions":true,"permissions":[{{permissions}}]}""")!;

    private static string From(string name) => name.StartsWith("review", StringComparison.Ordinal) ? "AddPermission" : "Permission";

    [Fact]
    public void KnownNamesWithTheirDependenciesPassWithoutWarning()
    {
        Assert.Empty(PermissionCheck.Check(Catalogue, ["review_read", "review_reply"], null, From));
        Assert.Empty(PermissionCheck.Check(Catalogue, [], null, From));
    }

    [Fact]
    public void AnUnknownNameIsRefusedWithTheClosestNameAndNothingIsSent()
    {
        var ex = Assert.Throws<PartooCmdletException>(() => PermissionCheck.Check(Catalogue, ["review_read", "review_reed"], null, From));
        Assert.Equal("InvalidPermission", ex.Reason.Name);
        Assert.Equal("review_reed", ex.Target);
        Assert.Contains("-AddPermission 'review_reed' (did you mean review_read?) is not a permission this organisation has", ex.Message, StringComparison.Ordinal);
        Assert.Contains("lists 5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Get-PartooPermission", ex.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralUnknownNamesAreRefusedTogether()
    {
        var ex = Assert.Throws<PartooCmdletException>(() => PermissionCheck.Check(Catalogue, ["zzz_nothing", "review_reed", "zzz_nothing"], null, From));
        Assert.Equal(new[] { "zzz_nothing", "review_reed" }, Assert.IsType<string[]>(ex.Target));
        Assert.Contains("-Permission 'zzz_nothing', -AddPermission 'review_reed' (did you mean review_read?) are not permissions", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'zzz_nothing' (did you mean", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EquallyCloseNamesAreAllSuggested()
    {
        var catalogue = new PermissionCatalogue([Permission("review_read"), Permission("review_raid"), Permission("review_reply")]);
        var ex = Assert.Throws<PartooCmdletException>(() => PermissionCheck.Check(catalogue, ["review_rad"], null, From));
        Assert.Contains("-AddPermission 'review_rad' (did you mean review_raid or review_read?) is not a permission", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownNameTheKeyAlreadyHoldsIsNotRefused()
    {
        var key = Key("\"retired_permission\",\"review_read\"");
        Assert.Empty(PermissionCheck.Check(Catalogue, ["retired_permission", "review_read"], key, From));
    }

    [Fact]
    public void ANewKeyMissingADependencyIsWarnedWithTheFix()
    {
        var warning = Assert.Single(PermissionCheck.Check(Catalogue, ["review_reply"], null, From));
        Assert.Equal("The new key: review_reply depends on review_read, which is not granted; review_reply takes no effect without it. To grant it, add review_read to -Permission.", warning);
    }

    [Fact]
    public void AChangeThatAddsAPermissionWithoutItsDependencyIsWarned()
    {
        var key = Key("\"business_edit\"", role: "ORG_ADMIN");
        var warning = Assert.Single(PermissionCheck.Check(Catalogue, ["business_edit", "review_reply"], key, From));
        Assert.Equal("API key 7 'CRM': review_reply depends on review_read, which is not granted; review_reply takes no effect without it. To grant it, run Set-PartooApiKey -Id 7 -AddPermission review_read.", warning);
    }

    [Fact]
    public void AChangeThatTakesAwayADependencyIsWarned()
    {
        var key = Key("\"review_read\",\"review_reply\"", role: "ORG_ADMIN");
        var warning = Assert.Single(PermissionCheck.Check(Catalogue, ["review_reply"], key, From));
        Assert.Contains("review_reply depends on review_read, which this change takes away", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOldGapIsLeftToTheAudit()
    {
        var key = Key("\"review_reply\",\"business_edit\"", role: "ORG_ADMIN");
        Assert.Empty(PermissionCheck.Check(Catalogue, ["review_reply", "business_edit"], key, From));
    }

    [Fact]
    public void AnAddedPermissionDisabledForTheUsersRoleIsWarned()
    {
        var key = Key("\"business_edit\"", role: "publisher");
        var warning = Assert.Single(PermissionCheck.Check(Catalogue, ["business_edit", "business_edit_hours"], key, From));
        Assert.Equal("API key 7 'CRM': business_edit_hours is disabled for the role publisher of the key's user (reviews): Partoo may refuse it, or the key will not be able to use it.", warning);
    }

    [Fact]
    public void APermissionDisabledForTheRoleThatTheKeyHoldsAlreadyIsNotWarned()
    {
        var key = Key("\"business_edit\",\"business_edit_hours\"");
        Assert.Empty(PermissionCheck.Check(Catalogue, ["business_edit", "business_edit_hours"], key, From));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void WithoutAKnownRoleNoRoleWarningIsGiven(string? role)
    {
        var key = Key("\"business_edit\"", role);
        Assert.Empty(PermissionCheck.Check(Catalogue, ["business_edit", "business_edit_hours"], key, From));
    }

    [Fact]
    public void RoleBoundNamesAreThoseDisabledForSomeRole() =>
        Assert.Equal(["business_edit_hours", "user_manage"], PermissionCheck.RoleBound(Catalogue, ["review_read", "business_edit_hours", "user_manage", "unknown_name"]));

    // The reader: a runner standing for the request, counting its calls.
    private sealed class Runs
    {
        public int Calls;
        public Func<PermissionCatalogue?> Answer = () => Catalogue;
        public PermissionCatalogueReader.Runner Runner => _ => { Calls++; return Answer(); };
    }

    private static PartooApiException Failure(int status) =>
        new(PartooFailure.HttpStatus, "GET", "/v2/permissions", status, status == 403 ? "Forbidden" : "Bad Gateway", "no", null, null, null, null);

    [Fact]
    public void TheCatalogueIsReadOnceAndKept()
    {
        var reader = new PermissionCatalogueReader();
        var runs = new Runs();
        Assert.Null(reader.Cached);
        var first = reader.ForChecks(runs.Runner, "checks skipped");
        Assert.Same(Catalogue, first.Catalogue);
        Assert.False(first.Note!.IsWarning);
        Assert.Equal("Read the organisation's permission catalogue: 5 permissions, kept with the connection.", first.Note.Text);
        var again = reader.ForChecks(runs.Runner, "checks skipped");
        Assert.Same(Catalogue, again.Catalogue);
        Assert.Null(again.Note);
        Assert.Same(Catalogue, reader.ForCompletion(runs.Runner));
        Assert.Same(Catalogue, reader.Cached);
        Assert.Equal(1, runs.Calls);
    }

    [Fact]
    public void AForbiddenCatalogueIsAVerboseNoteAndIsNotAskedForAgain()
    {
        var reader = new PermissionCatalogueReader();
        var runs = new Runs { Answer = () => throw Failure(403) };
        var first = reader.ForChecks(runs.Runner, "the names are checked for their form only");
        Assert.Null(first.Catalogue);
        Assert.False(first.Note!.IsWarning);
        Assert.Contains("answered 403; the key's user may not read it): the names are checked for their form only", first.Note.Text, StringComparison.Ordinal);
        var again = reader.ForChecks(runs.Runner, "skipped");
        Assert.False(again.Note!.IsWarning);
        Assert.Contains("answered 403 earlier", again.Note.Text, StringComparison.Ordinal);
        Assert.Null(reader.ForCompletion(runs.Runner));
        Assert.Equal(1, runs.Calls);
    }

    [Fact]
    public void AnyOtherFailureIsAWarningAndIsTriedAgainNextTime()
    {
        var reader = new PermissionCatalogueReader();
        var runs = new Runs { Answer = () => throw Failure(502) };
        var first = reader.ForChecks(runs.Runner, "the rules are skipped");
        Assert.Null(first.Catalogue);
        Assert.True(first.Note!.IsWarning);
        Assert.StartsWith("The organisation's permission catalogue could not be read (", first.Note.Text, StringComparison.Ordinal);
        Assert.EndsWith("): the rules are skipped", first.Note.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(".)", first.Note.Text, StringComparison.Ordinal);
        runs.Answer = () => Catalogue;
        Assert.Same(Catalogue, reader.ForChecks(runs.Runner, "skipped").Catalogue);
        Assert.Equal(2, runs.Calls);
    }

    [Fact]
    public void NoAnswerInTimeIsNoCatalogueAndNoNoteAndIsTriedAgain()
    {
        var reader = new PermissionCatalogueReader();
        var runs = new Runs { Answer = () => null };
        var answer = reader.ForChecks(runs.Runner, "skipped");
        Assert.Null(answer.Catalogue);
        Assert.Null(answer.Note);
        Assert.Null(reader.ForCompletion(runs.Runner));
        Assert.Null(reader.Cached);
        runs.Answer = () => Catalogue;
        Assert.Same(Catalogue, reader.ForCompletion(runs.Runner));
        Assert.Equal(3, runs.Calls);
    }

    [Fact]
    public void TheListingUsesTheKeptCatalogueUnlessRefreshed()
    {
        var reader = new PermissionCatalogueReader();
        var runs = new Runs();
        Assert.Contains("5 permissions, kept with the connection", reader.ForListing(runs.Runner, refresh: false).Note!.Text, StringComparison.Ordinal);
        var kept = reader.ForListing(runs.Runner, refresh: false);
        Assert.Same(Catalogue, kept.Catalogue);
        Assert.Equal("The organisation's permission catalogue as read earlier on this connection (5 permissions); -Refresh reads it again.", kept.Note!.Text);
        Assert.Equal(1, runs.Calls);
        var other = new PermissionCatalogue([Permission("review_read")]);
        runs.Answer = () => other;
        Assert.Same(other, reader.ForListing(runs.Runner, refresh: true).Catalogue);
        Assert.Same(other, reader.Cached);
        Assert.Equal(2, runs.Calls);
    }

    [Fact]
    public void TheListingThrowsAFailureAndAForbiddenOneIsRemembered()
    {
        var reader = new PermissionCatalogueReader();
        var runs = new Runs { Answer = () => throw Failure(502) };
        Assert.Equal(502, Assert.Throws<PartooApiException>(() => reader.ForListing(runs.Runner, refresh: false)).StatusCode);
        runs.Answer = () => throw Failure(403);
        Assert.Equal(403, Assert.Throws<PartooApiException>(() => reader.ForListing(runs.Runner, refresh: false)).StatusCode);
        Assert.Contains("answered 403 earlier", reader.ForChecks(runs.Runner, "skipped").Note!.Text, StringComparison.Ordinal);
        Assert.Equal(2, runs.Calls);
        // A read that succeeds later (e.g. -Refresh after the user's role grew) lifts it.
        runs.Answer = () => Catalogue;
        Assert.Same(Catalogue, reader.ForListing(runs.Runner, refresh: true).Catalogue);
        Assert.Same(Catalogue, reader.ForChecks(runs.Runner, "skipped").Catalogue);
    }

    [Fact]
    public void ARefreshThatIsForbiddenForgetsTheKeptCatalogue()
    {
        var reader = new PermissionCatalogueReader();
        var runs = new Runs();
        reader.ForChecks(runs.Runner, "skipped");
        runs.Answer = () => throw Failure(403);
        Assert.Throws<PartooApiException>(() => reader.ForListing(runs.Runner, refresh: true));
        Assert.Null(reader.Cached);
        Assert.Null(reader.ForCompletion(runs.Runner));
    }

    [Fact]
    public void CompletionWithoutACatalogueOffersTheDocumentedAndTheSeenNames()
    {
        var names = PermissionCatalogueReader.WithoutCatalogue(["custom_one", KnownPermissions.Documented[0], "custom_one"]).ToList();
        Assert.Equal(KnownPermissions.Documented.Count + 1, names.Count);
        Assert.Equal(KnownPermissions.Documented, names.Take(KnownPermissions.Documented.Count));
        Assert.Equal("custom_one", names[^1]);
    }
}
