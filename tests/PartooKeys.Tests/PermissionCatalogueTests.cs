using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// The organisation's permission catalogue (GET /permissions): Get-PartooPermission, completion from
/// it, the checks of New/Set before anything is sent, the 403 fallback, and the catalogue audit rules.
/// The simulator's catalogue holds names the module's own fallback list does not have.
/// </summary>
public sealed class PermissionCatalogueTests
{
    private static IEnumerable<RecordedRequest> CatalogueReads(PartooSimulator simulator) =>
        simulator.Requests.Where(r => r.Path == "/v2/permissions");

    private static List<(string Text, string ListItem, string ToolTip)> Complete(SimulatorSession session, string input) =>
        session.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches", new() { ["s"] = input })
            .Objects<CompletionResult>().Select(c => (c.CompletionText, c.ListItemText, c.ToolTip)).ToList();

    // ---- Get-PartooPermission ----

    [Fact]
    public async Task TheCatalogueIsListedInPartoosOrderAndReadOncePerConnection()
    {
        await using var session = await SimulatorSession.StartAsync();
        var permissions = session.Run("Get-PartooPermission").Objects<PartooPermission>().ToList();
        Assert.Equal(SimPermissions.Entries.Select(e => e.Name), permissions.Select(p => p.Name));
        foreach (var name in KnownPermissions.CatalogueOnly) Assert.Contains(permissions, p => p.Name == name);
        var reply = permissions.Single(p => p.Name == "review_reply");
        Assert.Equal(("reviews", "review_management", "review_management", "review_read", 101), (reply.Section, reply.Subsection, reply.Feature, reply.DependsOn, reply.Order));
        Assert.Equal(["PUBLISHER"], reply.DisabledForRoles);
        Assert.Null(permissions.Single(p => p.Name == "review_read").DependsOn);

        session.Run("Get-PartooPermission -Name review_*; New-PartooApiKey -Label x -Permission review_read -WhatIf");
        Assert.Single(CatalogueReads(session.Simulator));
        session.Run("Get-PartooPermission -Refresh");
        Assert.Equal(2, CatalogueReads(session.Simulator).Count());

        session.Run("Connect-Partoo -BaseUri $sim.BaseUri");
        session.Run("Get-PartooPermission");
        Assert.Equal(3, CatalogueReads(session.Simulator).Count()); // a new connection reads it again
    }

    [Fact]
    public async Task NameTakesWildcardsAndPipedNamesSectionFilters()
    {
        await using var session = await SimulatorSession.StartAsync();
        Assert.Equal(["review_read", "review_reply", "review_tag_manage"], session.Run("Get-PartooPermission -Name REVIEW_*").Objects<PartooPermission>().Select(p => p.Name));
        Assert.Equal(["feedback_read", "feedback_reply"], session.Run("Get-PartooPermission -Section reviews -Name feedback*").Objects<PartooPermission>().Select(p => p.Name));
        Assert.Equal(["user_read", "user_edit"], session.Run("Get-PartooPermission -Section users").Objects<PartooPermission>().Select(p => p.Name));
        Assert.Equal(["post_read", "review_read"], session.Run("'post_read', 'review_read', 'post_read' | Get-PartooPermission").Objects<PartooPermission>().Select(p => p.Name));
        Assert.Empty(session.Run("Get-PartooPermission -Name nothing_like_this*").Output);
    }

    [Fact]
    public async Task AnUnknownNameIsNotFoundWithTheClosestNames()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooPermission -Name review_raed, post_read");
        Assert.Equal(["post_read"], result.Objects<PartooPermission>().Select(p => p.Name));
        var error = result.SingleError();
        Assert.Equal("GetPartooPermissionNotFound,PartooKeys.Commands.GetPartooPermissionCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("Did you mean review_read?", error.ErrorDetails.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A403IsATerminatingForbiddenErrorThatSaysKeyManagementStillWorks()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.PermissionsForbidden = true;
        var error = session.Run("Get-PartooPermission").AnyError();
        Assert.Equal("GetPartooPermissionForbidden,PartooKeys.Commands.GetPartooPermissionCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains("Key management still works", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedCatalogueIsAnInvalidAnswer()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.PermissionCatalogueJson = """{"sections": [{"name": "a", "subsections": [{"permissions": [{"order": 1}]}]}]}""";
        Assert.Equal("GetPartooPermissionInvalidAnswer,PartooKeys.Commands.GetPartooPermissionCommand", session.Run("Get-PartooPermission").AnyError().FullyQualifiedErrorId);
        var create = session.Run("New-PartooApiKey -Label x -Permission review_read -Confirm:$false");
        Assert.Empty(create.Errors); // the checks never block key management: a warning, then the form check
        Assert.Contains(create.Warnings, w => w.Message.Contains("permission catalogue could not be read", StringComparison.Ordinal));
        Assert.Single(session.Simulator.Writes());
    }

    [Fact]
    public async Task TheTableViewIsGroupedBySection()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Get-PartooPermission | Out-Default");
        var text = session.Shell.Host.Text;
        foreach (var column in new[] { "Name", "Subsection", "DependsOn", "DisabledForRoles" }) Assert.Contains(column, text);
        var presence = text.IndexOf("Section: presence", StringComparison.Ordinal);
        var reviews = text.IndexOf("Section: reviews", StringComparison.Ordinal);
        var organisation = text.IndexOf("Section: organisation", StringComparison.Ordinal);
        Assert.True(presence >= 0 && presence < reviews && reviews < organisation, text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "Section: reviews"));
        Assert.Contains("GROUP_MANAGER,", text); // the roles, joined (wrapped when the window is narrow)
    }

    // ---- checks before sending ----

    [Fact]
    public async Task ATypoIsRefusedBeforeAnythingIsSentWithTheClosestName()
    {
        await using var session = await SimulatorSession.StartAsync();
        var created = session.Run("New-PartooApiKey -Label 'Reviews bot' -Permission review_raed -Confirm:$false");
        var error = created.AnyError();
        Assert.Equal("NewPartooApiKeyInvalidPermission,PartooKeys.Commands.NewPartooApiKeyCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("-Permission 'review_raed' (did you mean review_read?)", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Contains("Get-PartooPermission", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);

        var changed = session.Run("Set-PartooApiKey -Id 1002 -AddPermission feedback_raed, post_read -Confirm:$false");
        var setError = changed.SingleError();
        Assert.Equal("SetPartooApiKeyInvalidPermission,PartooKeys.Commands.SetPartooApiKeyCommand", setError.FullyQualifiedErrorId);
        Assert.Contains("-AddPermission 'feedback_raed' (did you mean feedback_read?)", setError.ErrorDetails.Message, StringComparison.Ordinal);

        Assert.Empty(session.Simulator.Writes());
        Assert.All(session.Simulator.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task NamesTheFallbackListLacksAreAcceptedFromTheCatalogue()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("New-PartooApiKey -Label 'Feedback' -Permission feedback_read, feedback_reply -Confirm:$false");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(["feedback_read", "feedback_reply"], session.Simulator.Keys.Last().Permissions);
    }

    [Fact]
    public async Task AMissingDependencyIsAWarningNamingItAndTheFix()
    {
        await using var session = await SimulatorSession.StartAsync();
        var created = session.Run("New-PartooApiKey -Label 'Hours' -Permission business_edit_hours -Confirm:$false");
        var warning = Assert.Single(created.Warnings).Message;
        Assert.Contains("business_edit_hours depends on business_edit", warning, StringComparison.Ordinal);
        Assert.Contains("add business_edit to -Permission", warning, StringComparison.Ordinal);
        Assert.Single(session.Simulator.Writes()); // a warning, not a refusal

        var removed = session.Run("Set-PartooApiKey -Id 1002 -RemovePermission business_edit -WhatIf");
        var gap = Assert.Single(removed.Warnings).Message;
        Assert.Contains("business_edit_hours depends on business_edit, which this change takes away", gap, StringComparison.Ordinal);
        Assert.Contains("Set-PartooApiKey -Id 1002 -AddPermission business_edit", gap, StringComparison.Ordinal);

        var old = session.Run("Set-PartooApiKey -Id 1012 -AddPermission business_edit_hours -WhatIf"); // user_edit without user_read was there before
        Assert.Empty(old.Warnings);
    }

    [Fact]
    public async Task APermissionDisabledForTheKeysUserRoleIsAWarning()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Set-PartooApiKey -Id 1009 -Permission review_read, user_read, user_edit -WhatIf");
        var warning = Assert.Single(result.Warnings).Message;
        Assert.Contains("API key 1009 'Reporting': user_edit is disabled for the role BUSINESS_MANAGER", warning, StringComparison.Ordinal);

        var created = session.Run("New-PartooApiKey -Label x -Permission user_read, user_edit -WhatIf -Verbose");
        Assert.Empty(created.Warnings); // the new key's user is the caller, whose role is not read: a Verbose line says so
        Assert.Contains(created.Verbose, v => v.Message.Contains("user_edit", StringComparison.Ordinal) && v.Message.Contains("role", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARetiredNameTheKeyHoldsCanBeRemovedAndKept()
    {
        await using var session = await SimulatorSession.StartAsync();
        var kept = session.Run("Set-PartooApiKey -Id 1013 -AddPermission review_reply -Confirm:$false");
        Assert.Empty(kept.Errors);
        var removed = session.Run("Set-PartooApiKey -Id 1013 -RemovePermission review_export_legacy -Confirm:$false");
        Assert.Empty(removed.Errors);
        Assert.Equal(["review_read", "review_reply"], session.Simulator.FindKey(1013)!.Permissions);
    }

    [Fact]
    public async Task A403OnTheCatalogueNeverBlocksKeyManagement()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.PermissionsForbidden = true;
        var result = session.Run("New-PartooApiKey -Label x -Permission feedback_read -Confirm:$false -Verbose");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Contains(result.Verbose, v => v.Message.Contains("403", StringComparison.Ordinal) && v.Message.Contains("form only", StringComparison.Ordinal));
        Assert.Single(session.Simulator.Writes());

        var second = session.Run("Set-PartooApiKey -Id 1002 -AddPermission review_reply -Confirm:$false -Verbose");
        Assert.Empty(second.Errors);
        Assert.Single(CatalogueReads(session.Simulator)); // the 403 is remembered for the connection

        var typo = session.Run("New-PartooApiKey -Label y -Permission 'Review Read' -Confirm:$false");
        Assert.Equal("NewPartooApiKeyInvalidPermission,PartooKeys.Commands.NewPartooApiKeyCommand", typo.AnyError().FullyQualifiedErrorId); // the form check as before
    }

    [Fact]
    public async Task ACatalogueThatCannotBeReadIsReportedOncePerCommand()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.EmptyBody500, PathContains = "/permissions" });
        var failing = session.Run("Set-PartooApiKey -Id 1002, 1011 -AddPermission message_read -Confirm:$false");
        Assert.Empty(failing.Errors);
        var warning = Assert.Single(failing.Warnings).Message;
        Assert.Contains("could not be read", warning, StringComparison.Ordinal);
        Assert.Contains("checked for their form only", warning, StringComparison.Ordinal);
        Assert.Equal(2, session.Simulator.Writes().Count);
        var reads = CatalogueReads(session.Simulator).Count();

        session.Simulator.Knobs.Faults.Clear();
        session.Simulator.Knobs.PermissionsForbidden = true;
        var forbidden = session.Run("Set-PartooApiKey -Id 1002, 1011 -AddPermission post_read -Confirm:$false -Verbose");
        Assert.Empty(forbidden.Warnings);
        Assert.Single(forbidden.Verbose, v => v.Message.Contains("GET /permissions answered 403", StringComparison.Ordinal));
        Assert.Equal(reads + 1, CatalogueReads(session.Simulator).Count()); // the failure was not kept; the 403 is
    }

    // ---- completion ----

    [Fact]
    public async Task PermissionParametersCompleteTheOrganisationsNamesWithTheirSection()
    {
        await using var session = await SimulatorSession.StartAsync();
        var feedback = Complete(session, "New-PartooApiKey -Label x -Permission feedback_");
        Assert.Equal(["feedback_read", "feedback_reply"], feedback.Select(c => c.Text));
        Assert.Contains("reviews / feedback_management", feedback[1].ToolTip, StringComparison.Ordinal);
        Assert.Contains("needs feedback_read", feedback[1].ToolTip, StringComparison.Ordinal);
        Assert.Equal(["business_edit_photos"], Complete(session, "Set-PartooApiKey -Id 1 -AddPermission *photo*").Select(c => c.Text));
        Assert.Equal(["review_tag_manage"], Complete(session, "Get-PartooPermission -Name review_t").Select(c => c.Text));
        Assert.Equal(["review_management", "reviews"], Complete(session, "Get-PartooPermission -Section revi").Select(c => c.Text).Order());
        Assert.Single(CatalogueReads(session.Simulator));
    }

    [Fact]
    public async Task RemovePermissionAlsoOffersRetiredNamesSeenOnKeys()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Get-PartooApiKey -Id 1013 -IncludeAllPermissions");
        Assert.Equal(["review_export_legacy"], Complete(session, "Set-PartooApiKey -Id 1013 -RemovePermission review_e").Select(c => c.Text));
        Assert.Empty(Complete(session, "Set-PartooApiKey -Id 1013 -AddPermission review_e"));
    }

    [Fact]
    public async Task WithoutACatalogueTheFallbackListIsOffered()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.PermissionsForbidden = true;
        Assert.Empty(Complete(session, "New-PartooApiKey -Label x -Permission feedback_"));
        Assert.Equal(["review_read", "review_reply"], Complete(session, "New-PartooApiKey -Label x -Permission review_").Select(c => c.Text));
        Complete(session, "New-PartooApiKey -Label x -Permission review_");
        Assert.Single(CatalogueReads(session.Simulator)); // the 403 is remembered
    }

    [Fact]
    public async Task PipedKeysAuditedFeedCompletion()
    {
        var seed = SeedData.Standard();
        seed.Add(new SimKey { Id = 1100, Label = "Custom", HasRestrictedPermissions = true, Permissions = ["custom_scope_read"], UserPermissions = [], Secret = "sim-secret-1100" });
        await using var session = await SimulatorSession.StartAsync(seed);
        session.Simulator.Knobs.PermissionsForbidden = true;
        session.Run("Get-PartooApiKey -Id 1100 | Get-PartooApiKeyAudit -Rule DormantPermissions");
        Assert.Equal(["custom_scope_read"], Complete(session, "Set-PartooApiKey -Id 1100 -RemovePermission custom").Select(c => c.Text));
    }

    [Fact]
    public async Task IdCompletesWithLabelsFromTheKeysSeenOrTheFirstPage()
    {
        await using var session = await SimulatorSession.StartAsync();
        var first = Complete(session, "Get-PartooApiKey -Id 100");
        Assert.Equal(Enumerable.Range(1001, 9).Select(i => i.ToString()), first.Select(c => c.Text)); // 1001..1009: read from the first page
        Assert.Equal("1002 CRM sync", first[1].ListItem);
        Assert.Equal("CRM sync", first[1].ToolTip);
        var listings = session.Simulator.Requests.Count(r => r.Path == "/v2/api_keys");
        Assert.Equal(1, listings);

        Assert.Equal(["1002"], Complete(session, "Set-PartooApiKey -Id crm").Select(c => c.Text));
        Assert.DoesNotContain("1004", Complete(session, "Revoke-PartooApiKey -Id 100").Select(c => c.Text)); // revoked: not offered to Revoke
        Assert.Contains("1004", Complete(session, "Get-PartooApiKey -Id 100").Select(c => c.Text));
        Assert.Equal(listings, session.Simulator.Requests.Count(r => r.Path == "/v2/api_keys")); // the cache answered
    }

    [Fact]
    public async Task IdCompletionOffersNothingWithoutAConnection()
    {
        await using var simulator = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        var result = shell.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches", new() { ["s"] = "Get-PartooApiKey -Id 1" });
        Assert.Empty(result.Output);
        Assert.Empty(simulator.Requests);
    }

    // ---- audit ----

    [Fact]
    public async Task TheAuditFindsRetiredNamesAndMissingDependencies()
    {
        await using var session = await SimulatorSession.StartAsync();
        var findings = session.Run("Get-PartooApiKeyAudit -Rule UnknownPermission, MissingDependency").Objects<ApiKeyFinding>().ToList();
        var unknown = Assert.Single(findings, f => f.Rule == AuditRule.UnknownPermission);
        Assert.Equal((1013, AuditSeverity.Low), (unknown.KeyId, unknown.Severity));
        Assert.Contains("review_export_legacy", unknown.Detail, StringComparison.Ordinal);
        Assert.Equal("Set-PartooApiKey -Id 1013 -RemovePermission review_export_legacy", unknown.Recommendation);
        var missing = Assert.Single(findings, f => f.Rule == AuditRule.MissingDependency);
        Assert.Equal(1012, missing.KeyId);
        Assert.Contains("user_edit needs user_read", missing.Detail, StringComparison.Ordinal);
        Assert.Equal("Set-PartooApiKey -Id 1012 -AddPermission user_read", missing.Recommendation);
        Assert.Equal(2, findings.Count);

        var fixedUp = session.Run("Get-PartooApiKeyAudit -Rule UnknownPermission, MissingDependency | ForEach-Object { & ([scriptblock]::Create($_.Recommendation)) -Confirm:$false }; Get-PartooApiKeyAudit -Rule UnknownPermission, MissingDependency");
        Assert.Empty(fixedUp.Errors);
        Assert.Empty(fixedUp.Objects<ApiKeyFinding>());
    }

    [Fact]
    public async Task WithoutTheCatalogueTheRulesAreSkippedWithAVerboseLine()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.PermissionsForbidden = true;
        var result = session.Run("Get-PartooApiKeyAudit -Verbose");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.DoesNotContain(result.Objects<ApiKeyFinding>(), f => f.Rule is AuditRule.UnknownPermission or AuditRule.MissingDependency);
        Assert.Contains(result.Objects<ApiKeyFinding>(), f => f.Rule == AuditRule.Unrestricted);
        Assert.Contains(result.Verbose, v => v.Message.Contains("403", StringComparison.Ordinal) && v.Message.Contains("UnknownPermission and MissingDependency are skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindingsBindToRevokeAndSetByTheirId()
    {
        await using var session = await SimulatorSession.StartAsync();
        var preview = session.Run("Get-PartooApiKeyAudit -Rule UnknownPermission | Revoke-PartooApiKey -WhatIf");
        Assert.Empty(preview.Errors);
        Assert.Contains("API key 1013 'Legacy key'", preview.HostText, StringComparison.Ordinal);
        Assert.Empty(session.Simulator.Writes());

        var fix = session.Run("Get-PartooApiKeyAudit -Rule MissingDependency | Set-PartooApiKey -AddPermission user_read -Confirm:$false");
        Assert.Empty(fix.Errors);
        var put = Assert.Single(session.Simulator.Writes());
        Assert.Equal("/v2/api_keys/1012", put.Path);
        Assert.Contains("user_read", session.Simulator.FindKey(1012)!.Permissions);
    }
}
