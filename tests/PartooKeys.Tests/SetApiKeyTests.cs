using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Set-PartooApiKey: exactly the changed fields are sent, merges keep dormant permissions, -WhatIf/-Confirm, pipelines.</summary>
public sealed class SetApiKeyTests
{
    public static TheoryData<string, string> SingleChanges() => new()
    {
        { "-Label 'Hours sync'", """{"label":"Hours sync"}""" },
        { "-Description 'Pushes hours'", """{"description":"Pushes hours"}""" },
        { "-Description ''", """{"description":""}""" },
        { "-ExpirationDate ([datetime]'{day+30}').AddHours(17.5)", """{"expiration_date":"{day+30}"}""" },
        { "-ExpirationDate '{day+1}'", """{"expiration_date":"{day+1}"}""" },
        { "-NoExpiration", """{"expiration_date":null}""" },
        { "-IpWhitelist '203.0.113.7', '198.51.100.0/24', '2001:db8::/32'", """{"ip_whitelist":["203.0.113.7","198.51.100.0/24","2001:db8::/32"]}""" },
        { "-IpWhitelist @() -Force", """{"ip_whitelist":[]}""" },
        { "-Permission review_read, review_reply", """{"has_restricted_permissions":true,"permissions":["review_read","review_reply"]}""" },
        { "-Permission @()", """{"has_restricted_permissions":true,"permissions":[]}""" },
        { "-Unrestricted -Force", """{"has_restricted_permissions":false,"permissions":[]}""" },
        { "-Label 'Hours sync' -Description 'd' -NoExpiration -IpWhitelist @() -Unrestricted -Confirm:$false",
          """{"label":"Hours sync","description":"d","expiration_date":null,"ip_whitelist":[],"has_restricted_permissions":false,"permissions":[]}""" },
        { "-Label 'Hours sync' -ExpirationDate '{day+7}' -Permission business_edit_hours",
          """{"label":"Hours sync","expiration_date":"{day+7}","has_restricted_permissions":true,"permissions":["business_edit_hours"]}""" },
    };

    [Theory]
    [MemberData(nameof(SingleChanges))]
    public async Task ThePutBodyCarriesExactlyTheChangedFields(string parameters, string expectedBody)
    {
        var today = DateTime.UtcNow;
        (parameters, expectedBody) = (Requests.Dated(parameters, today), Requests.Dated(expectedBody, today));
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.UpdateKey(1002, k => k.IpWhitelist = ["198.51.100.7"]); // so that -IpWhitelist @() changes something
        var result = session.Run($"Set-PartooApiKey -Id 1002 {parameters}");
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        var sent = session.Simulator.Requests.Select(r => $"{r.Method} {r.Path}").ToList();
        // a permission list is checked against the organisation's catalogue first (read once per connection)
        Assert.Equal(parameters.Contains("-Permission business", StringComparison.Ordinal) || parameters.Contains("-Permission review", StringComparison.Ordinal)
            ? ["GET /v2/api_keys/1002", "GET /v2/permissions", "PUT /v2/api_keys/1002"] : ["GET /v2/api_keys/1002", "PUT /v2/api_keys/1002"], sent);
        Assert.Empty(session.Simulator.Requests[0].QueryValues); // no merge: the cut-down list is never needed
        session.Simulator.Writes().Single().AssertBody(expectedBody);
    }

    [Theory]
    [InlineData("-Id 1003 -Unrestricted")]                       // already unrestricted (issue 18)
    [InlineData("-Id 1003 -NoExpiration")]                       // never expires
    [InlineData("-Id 1002 -Label 'CRM sync'")]
    [InlineData("-Id 1009 -IpWhitelist @()")]                    // has no IP whitelist
    [InlineData("-Id 1002 -Permission review_read, business_edit, business_edit_hours")]
    public async Task AChangeThatChangesNothingSendsNothingAndSaysSo(string parameters)
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run($"Set-PartooApiKey {parameters} -PassThru -Verbose -Confirm:$false");
        Assert.Empty(result.Errors);
        Assert.Empty(session.Simulator.Writes());
        Assert.Single(result.Objects<ApiKey>());
        Assert.Contains(result.Verbose, v => v.Message.EndsWith("is already as asked; nothing was sent.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheServerKeepsWhatWasNotSent()
    {
        await using var session = await SimulatorSession.StartAsync();
        var before = session.Simulator.FindKey(1010)!.Clone();
        session.Run("Set-PartooApiKey -Id 1010 -Label 'Office'");
        var after = session.Simulator.FindKey(1010)!;
        Assert.Equal("Office", after.Label);
        Assert.Equal(before.Description, after.Description);
        Assert.Equal(before.IpWhitelist, after.IpWhitelist);
        Assert.Equal(before.Permissions, after.Permissions);
        Assert.Equal(before.ExpirationDate, after.ExpirationDate);
    }

    [Fact]
    public async Task PassThruReturnsTheKeyAsStoredAfterTheChange()
    {
        await using var session = await SimulatorSession.StartAsync();
        var key = session.Run("Set-PartooApiKey -Id 1011 -Label 'Renamed' -PassThru").Objects<ApiKey>().Single();
        Assert.Equal("Renamed", key.Label);
        Assert.Equal("Stored permissions its user lost", key.Description);
        Assert.True(key.PermissionsAreComplete);
        Assert.Equal(["review_read", "review_reply", "post_create", "analytics_read"], key.Permissions);
    }

    [Fact]
    public async Task AddPermissionReadsTheFullListAndKeepsPermissionsTheUserLacks()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Set-PartooApiKey -Id 1011 -AddPermission post_read");
        Assert.Empty(result.Errors);
        var read = session.Simulator.Requests[0];
        Assert.Equal("GET", read.Method);
        Assert.Equal("true", read.QueryValues["include_all_permissions"]);
        session.Simulator.Writes().Single().AssertBody(
            """{"has_restricted_permissions":true,"permissions":["review_read","review_reply","post_create","analytics_read","post_read"]}""");
        Assert.Equal(["review_read", "review_reply", "post_create", "analytics_read", "post_read"], session.Simulator.FindKey(1011)!.Permissions);
    }

    [Fact]
    public async Task RemovePermissionKeepsTheOtherDormantPermissions()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Set-PartooApiKey -Id 1012 -RemovePermission user_edit");
        session.Simulator.Writes().Single().AssertBody(
            """{"has_restricted_permissions":true,"permissions":["business_edit","business_edit_name","business_edit_categories"]}""");
    }

    [Fact]
    public async Task AddAndRemoveTogetherAreMergedInOneRequest()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Set-PartooApiKey -Id 1012 -AddPermission user_read -RemovePermission business_edit_name, post_read");
        session.Simulator.Writes().Single().AssertBody(
            """{"has_restricted_permissions":true,"permissions":["business_edit","business_edit_categories","user_edit","user_read"]}""");
    }

    [Fact]
    public async Task APipedKeyIsReadAgainWithItsFullListBeforeMerging()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooApiKey -Id 1011 | Set-PartooApiKey -AddPermission post_read");
        Assert.Empty(result.Errors);
        Assert.Equal(["GET /v2/api_keys/1011", "GET /v2/api_keys/1011?include_all_permissions=true", "GET /v2/permissions", "PUT /v2/api_keys/1011"],
            session.Simulator.Requests.Select(r => $"{r.Method} {r.Path}{r.Query}"));
        Assert.Contains("post_create", session.Simulator.FindKey(1011)!.Permissions);
        Assert.Contains("review_reply", session.Simulator.FindKey(1011)!.Permissions);
    }

    [Fact]
    public async Task APipedKeyIsNotReadAgainWhenNothingIsMerged()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Get-PartooApiKey -Status Expired | Set-PartooApiKey -ExpirationDate ([datetime]::UtcNow.AddDays(30))");
        var puts = session.Simulator.Writes();
        Assert.Equal(["/v2/api_keys/1006", "/v2/api_keys/1007"], puts.Select(r => r.Path));
        Assert.Equal(1, session.Simulator.Requests.Count(r => r.Method == "GET"));
        Assert.All(puts, p => p.AssertBody($$"""{"expiration_date":"{{Requests.Day(30)}}"}"""));
    }

    [Theory]
    [InlineData("1002, 1003 | Set-PartooApiKey -Description 'x'")]
    [InlineData("[pscustomobject]@{ Id = 1002 }, [pscustomobject]@{ Id = '1003' } | Set-PartooApiKey -Description 'x'")]
    [InlineData("Set-PartooApiKey 1002, 1003 -Description 'x'")]
    public async Task IdsComeByValueByPropertyNameOrByPosition(string script)
    {
        await using var session = await SimulatorSession.StartAsync();
        Assert.Empty(session.Run(script).Errors);
        Assert.Equal(["/v2/api_keys/1002", "/v2/api_keys/1003"], session.Simulator.Writes().Select(r => r.Path));
    }

    [Fact]
    public async Task AddAndRemoveIpEntriesMergeWithTheCurrentList()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Set-PartooApiKey -Id 1010 -AddIpWhitelist '192.0.2.0/24', '203.0.113.7' -RemoveIpWhitelist '2001:DB8:0::/32' -Verbose");
        Assert.Empty(result.Errors);
        session.Simulator.Writes().Single().AssertBody("""{"ip_whitelist":["203.0.113.7","198.51.100.0/24","192.0.2.0/24"]}""");
        Assert.Contains(result.Verbose, v => v.Message.Contains("already lists the IP whitelist entries 203.0.113.7"));
    }

    [Fact]
    public async Task RemovingTheLastIpEntriesWarnsThatTheKeyWorksFromAnywhere()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Set-PartooApiKey -Id 1010 -RemoveIpWhitelist '203.0.113.7', '198.51.100.0/24', '2001:db8::/32' -WhatIf");
        Assert.Contains("(the list becomes empty: no IP restriction)", result.HostText);
        Assert.Empty(session.Simulator.Writes());
        result = session.Run("Set-PartooApiKey -Id 1010 -RemoveIpWhitelist '203.0.113.7', '198.51.100.0/24', '2001:db8::/32' -Force");
        session.Simulator.Writes().Single().AssertBody("""{"ip_whitelist":[]}""");
        Assert.Contains(result.Warnings, w => w.Message.Contains("API key 1010 'Office only'") && w.Message.Contains("any address"));
    }

    [Fact]
    public async Task AddingToAKeyWithoutWhitelistRestrictsIt()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Set-PartooApiKey -Id 1002 -AddIpWhitelist '198.51.100.0/24'");
        session.Simulator.Writes().Single().AssertBody("""{"ip_whitelist":["198.51.100.0/24"]}""");
    }

    [Fact]
    public async Task NothingIsSentWhenTheMergeChangesNothing()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Set-PartooApiKey -Id 1011 -AddPermission review_reply -RemovePermission user_edit -PassThru -Verbose");
        Assert.Empty(session.Simulator.Writes());
        Assert.Equal(1011, result.Objects<ApiKey>().Single().Id);
        Assert.Contains(result.Verbose, v => v.Message.Contains("already has the permissions review_reply"));
        Assert.Contains(result.Verbose, v => v.Message.Contains("does not have the permissions user_edit"));
        Assert.Contains(result.Verbose, v => v.Message.Contains("nothing was sent"));
    }

    [Theory]
    [InlineData("-AddPermission review_reply")]
    [InlineData("-RemovePermission review_reply")]
    public async Task MergingIntoAnUnrestrictedKeyIsAWarningAndSendsNothing(string parameters)
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run($"Set-PartooApiKey -Id 1003 {parameters}");
        Assert.Empty(session.Simulator.Writes());
        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Message.Contains("API key 1003 'Org integration' is unrestricted") && w.Message.Contains("-Permission"));
    }

    [Fact]
    public async Task OtherChangesStillGoWhenTheMergeIsRefused()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Set-PartooApiKey -Id 1003 -Label 'Org' -AddPermission review_reply");
        session.Simulator.Writes().Single().AssertBody("""{"label":"Org"}""");
    }

    [Theory]
    [InlineData("-ExpirationDate ([datetime]::UtcNow.AddDays(9)) -NoExpiration", "ExpirationDate", "NoExpiration")]
    [InlineData("-IpWhitelist '10.0.0.1' -AddIpWhitelist '10.0.0.2'", "IpWhitelist", "AddIpWhitelist")]
    [InlineData("-IpWhitelist @() -RemoveIpWhitelist '10.0.0.2'", "IpWhitelist", "RemoveIpWhitelist")]
    [InlineData("-Permission review_read -AddPermission review_reply", "Permission", "AddPermission")]
    [InlineData("-Permission review_read -RemovePermission review_reply", "Permission", "RemovePermission")]
    [InlineData("-Permission review_read -Unrestricted", "Permission", "Unrestricted")]
    [InlineData("-Unrestricted -AddPermission review_reply", "Unrestricted", "AddPermission")]
    [InlineData("-Unrestricted -RemovePermission review_reply", "Unrestricted", "RemovePermission")]
    [InlineData("-AddPermission review_reply -RemovePermission review_reply", "AddPermission", "RemovePermission")]
    [InlineData("-AddIpWhitelist '2001:db8::/32' -RemoveIpWhitelist '2001:DB8::/32'", "AddIpWhitelist", "RemoveIpWhitelist")]
    public async Task ContradictionsAreRefusedBeforeAnythingIsSent(string parameters, string first, string second)
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run($"1002, 1003 | Set-PartooApiKey {parameters}");
        var error = result.AnyError();
        Assert.StartsWith("SetPartooApiKeyConflictingParameters", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("-" + first, error.ToString());
        Assert.Contains("-" + second, error.ToString());
        Assert.Empty(session.Simulator.Requests);
    }

    [Fact]
    public async Task ASwitchSetToFalseDoesNotConflict()
    {
        await using var session = await SimulatorSession.StartAsync();
        Assert.Empty(session.Run("Set-PartooApiKey -Id 1002 -Permission review_read -Unrestricted:$false").Errors);
        session.Simulator.Writes().Single().AssertBody("""{"has_restricted_permissions":true,"permissions":["review_read"]}""");
    }

    [Theory]
    [InlineData("Set-PartooApiKey -Id 1002")]
    [InlineData("Set-PartooApiKey -Id 1002 -PassThru")]
    [InlineData("Set-PartooApiKey -Id 1002 -NoExpiration:$false -Unrestricted:$false")]
    [InlineData("Get-PartooApiKey -Id 1002 | Set-PartooApiKey")]
    public async Task NoChangeIsAClearErrorAndNothingIsSent(string script)
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.ClearRequests();
        var result = session.Run(script);
        var error = result.AnyError();
        Assert.StartsWith("SetPartooApiKeyNoChange", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Empty(session.Simulator.Writes());
        Assert.DoesNotContain(session.Simulator.Requests, r => r.Path == "/v2/api_keys/1002" && r.Method == "GET" && !script.StartsWith("Get", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhatIfSendsNothingAndSaysWhatItWouldDo()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Set-PartooApiKey -Id 1002 -Label 'x' -AddPermission review_reply -NoExpiration -WhatIf");
        Assert.Empty(session.Simulator.Writes());
        Assert.Empty(result.Errors);
        Assert.Contains("What if: Performing the operation \"Set label to 'x'; remove the expiration date; add permissions review_reply\" on target \"API key 1002 'CRM sync'\".", result.HostText);
        Assert.Equal("CRM sync", session.Simulator.FindKey(1002)!.Label);
    }

    [Fact]
    public async Task WhatIfPreferenceIsHonouredToo()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("$WhatIfPreference = $true; Get-PartooApiKey -Status Active | Set-PartooApiKey -Description 'bulk'");
        Assert.Empty(session.Simulator.Writes());
        Assert.Contains("on target \"API key 1001 'Automation'\"", session.Shell.Host.Text);
        Assert.Contains("on target \"API key 1015 'Never used'\"", session.Shell.Host.Text);
    }

    [Fact]
    public async Task ConfirmAsksPerKeyAndHonoursTheAnswers()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Shell.Host.ChoiceAnswers.Enqueue(0); // Yes
        session.Shell.Host.ChoiceAnswers.Enqueue(2); // No
        var result = session.Run("1002, 1003 | Set-PartooApiKey -Description 'x' -Confirm");
        Assert.Empty(result.Errors);
        Assert.Equal(["/v2/api_keys/1002"], session.Simulator.Writes().Select(r => r.Path));
        Assert.Equal(2, session.Shell.Host.Prompts.Count);
        Assert.Contains("API key 1002 'CRM sync'", session.Shell.Host.Prompts[0]);
        Assert.Contains("Set description to 'x'", session.Shell.Host.Prompts[0]);
        Assert.Contains("API key 1003 'Org integration'", session.Shell.Host.Prompts[1]);
    }

    [Fact]
    public async Task ConfirmFalseAndTheDefaultDoNotPrompt()
    {
        await using var session = await SimulatorSession.StartAsync();
        Assert.Empty(session.Run("Set-PartooApiKey -Id 1002 -Description 'x' -Confirm:$false; Set-PartooApiKey -Id 1003 -Description 'y'").Errors);
        Assert.Empty(session.Shell.Host.Prompts);
        Assert.Equal(2, session.Simulator.Writes().Count);
    }

    [Fact]
    public async Task ConfirmPreferenceMediumPrompts()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Shell.Host.ChoiceAnswers.Enqueue(2);
        session.Run("$ConfirmPreference = 'Medium'; Set-PartooApiKey -Id 1002 -Description 'x'");
        Assert.Single(session.Shell.Host.Prompts);
        Assert.Empty(session.Simulator.Writes());
    }

    [Fact]
    public async Task OneBadKeyInABulkPipelineIsANonTerminatingErrorNamingIt()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.ForbiddenIds.Add(1008);
        var result = session.Run("1002, 999999, 0, 1008, 1003 | Set-PartooApiKey -Description 'bulk'");
        Assert.Equal(["/v2/api_keys/1002", "/v2/api_keys/1003"], session.Simulator.Writes().Select(r => r.Path));
        Assert.Equal(3, result.Errors.Count);
        Assert.StartsWith("SetPartooApiKeyNotFound", result.Errors[0].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(999999, result.Errors[0].TargetObject);
        Assert.Contains("API key 999999", result.Errors[0].ToString());
        Assert.StartsWith("SetPartooApiKeyInvalidId", result.Errors[1].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Errors[1].CategoryInfo.Category);
        Assert.StartsWith("SetPartooApiKeyForbidden", result.Errors[2].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("API key 1008", result.Errors[2].ToString());
    }

    [Fact]
    public async Task ErrorActionStopStopsAtTheFirstFailure()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("try { 1002, 999999, 1003 | Set-PartooApiKey -Description 'bulk' -ErrorAction Stop } catch { 'caught' }");
        Assert.Equal(["caught"], result.Output.Select(o => o.ToString()));
        Assert.Equal(["/v2/api_keys/1002"], session.Simulator.Writes().Select(r => r.Path));
    }

    [Fact]
    public async Task ARefusedPutNamesTheKey()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Override = r => r.Method == "PUT"
            ? (400, "application/json", """{"error": {"json": {"label": ["Longer than maximum length 100."]}}}""")
            : null;
        var error = session.Run("Set-PartooApiKey -Id 1002 -Label 'x'").SingleError();
        Assert.StartsWith("SetPartooApiKeyInvalidArgument", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("API key 1002 'CRM sync'", error.ErrorDetails.Message);
        Assert.Contains("Longer than maximum length", error.ErrorDetails.Message);
        Assert.Single(session.Simulator.Writes());
    }
}
