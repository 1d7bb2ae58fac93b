using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// New/Set/Revoke with objects in: CSV-like rows (PSCustomObjects, as Import-Csv makes them), piped keys,
/// copies; prompts for revocations and for widening a key's access; -PassThru without extra reads.
/// </summary>
public sealed class ChangeKeysPipelineTests
{
    private static List<string> Calls(SimulatorSession session) => session.Simulator.Requests.Select(r => $"{r.Method} {r.Path}").ToList();

    // ---- prompts ----

    [Fact]
    public async Task RevokeAsksOnceByDefaultAndYesRevokes()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Shell.Host.ChoiceAnswers.Enqueue(0); // Yes
        Assert.Empty(session.Run("Revoke-PartooApiKey -Id 1002").Errors);
        Assert.Single(session.Shell.Host.Prompts);
        Assert.Contains("cannot be restored", session.Shell.Host.Prompts[0]);
        Assert.True(session.Simulator.FindKey(1002)!.Disabled);
    }

    [Fact]
    public async Task RevokeYesToAllAnswersForTheRestOfThePipeline()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Shell.Host.ChoiceAnswers.Enqueue(1); // Yes to All
        Assert.Empty(session.Run("1002, 1003, 1008 | Revoke-PartooApiKey").Errors);
        Assert.Single(session.Shell.Host.Prompts);
        Assert.Equal(3, session.Simulator.Writes().Count);
    }

    [Theory]
    [InlineData("Set-PartooApiKey -Id 1002 -Unrestricted", """{"has_restricted_permissions":false,"permissions":[]}""")]
    [InlineData("Set-PartooApiKey -Id 1010 -IpWhitelist @()", """{"ip_whitelist":[]}""")]
    [InlineData("Set-PartooApiKey -Id 1010 -Clear IpWhitelist", """{"ip_whitelist":[]}""")]
    [InlineData("Set-PartooApiKey -Id 1010 -RemoveIpWhitelist '203.0.113.7', '198.51.100.0/24', '2001:db8::/32'", """{"ip_whitelist":[]}""")]
    public async Task WideningAKeysAccessAsksFirst(string command, string body)
    {
        await using var session = await SimulatorSession.StartAsync();
        var error = session.Run(command).SingleError(); // the test host cannot answer
        Assert.StartsWith("SetPartooApiKeyNotConfirmed,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("-Force", error.ErrorDetails.RecommendedAction);
        Assert.Empty(session.Simulator.Writes());

        session.Shell.Host.ChoiceAnswers.Enqueue(2); // No
        Assert.Empty(session.Run(command).Errors);
        Assert.Contains("Widen its access?", session.Shell.Host.Prompts.Last());
        Assert.Empty(session.Simulator.Writes());

        var whatIf = session.Run(command + " -WhatIf -Force");
        Assert.Contains("What if:", whatIf.HostText);
        Assert.Empty(session.Simulator.Writes());

        Assert.Empty(session.Run(command + " -Confirm:$false").Errors);
        session.Simulator.Writes().Single().AssertBody(body);
    }

    [Fact]
    public async Task ForceWidensWithoutAskingButAnExplicitConfirmStillAsks()
    {
        await using var session = await SimulatorSession.StartAsync();
        Assert.Empty(session.Run("Set-PartooApiKey -Id 1002 -Unrestricted -Force").Errors);
        Assert.Empty(session.Shell.Host.Prompts);
        Assert.False(session.Simulator.FindKey(1002)!.HasRestrictedPermissions);

        session.Shell.Host.ChoiceAnswers.Enqueue(2); // No
        Assert.Empty(session.Run("Set-PartooApiKey -Id 1010 -IpWhitelist @() -Force -Confirm").Errors);
        Assert.Single(session.Shell.Host.Prompts);
        Assert.NotEmpty(session.Simulator.FindKey(1010)!.IpWhitelist);
    }

    [Fact]
    public async Task ChangesThatDoNotWidenDoNotAsk()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.UpdateKey(1010, k => k.IpWhitelist = []);
        Assert.Empty(session.Run("Set-PartooApiKey -Id 1002 -Permission review_read; Set-PartooApiKey -Id 1010 -AddIpWhitelist 192.0.2.1; Set-PartooApiKey -Id 1003 -Label 'Renamed'").Errors);
        Assert.Empty(session.Shell.Host.Prompts);
        Assert.Equal(3, session.Simulator.Writes().Count);
    }

    // ---- -PassThru ----

    [Fact]
    public async Task PassThruOnAPipedKeyCostsOnePut()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("$k = Get-PartooApiKey -Id 1002 -IncludeAllPermissions; $sim.ClearRequests(); $k | Set-PartooApiKey -Label 'Renamed' -PassThru",
            new() { ["sim"] = session.Simulator });
        var key = result.Objects<ApiKey>().Single();
        Assert.Equal(["PUT /v2/api_keys/1002"], Calls(session));
        Assert.Equal("Renamed", key.Label);
        Assert.True(key.PermissionsAreComplete); // the piped key's full list, unchanged by a label change
        Assert.Equal(["business_edit", "business_edit_hours", "review_read"], key.Permissions);
    }

    [Fact]
    public async Task PassThruKeepsWhatWasSentWhenTheAnswerLeavesItOut()
    {
        await using var session = await SimulatorSession.StartAsync();
        var key = session.Run("Get-PartooApiKey -Id 1010 | Set-PartooApiKey -Description 'Changed' -PassThru").Objects<ApiKey>().Single();
        Assert.Equal("Changed", key.Description);
        Assert.Equal("Office only", key.Label);
    }

    [Fact]
    public async Task PassThruAfterAPermissionChangeReturnsTheListSent()
    {
        await using var session = await SimulatorSession.StartAsync();
        var key = session.Run("Set-PartooApiKey -Id 1011 -AddPermission post_read -PassThru").Objects<ApiKey>().Single();
        // The key is read once (with its full list) and written once; nothing is read after the PUT.
        // (The permission catalogue is read once per connection for the check before sending.)
        Assert.Equal(["GET /v2/api_keys/1011", "PUT /v2/api_keys/1011"], Calls(session).Where(c => c != "GET /v2/permissions"));
        Assert.True(key.PermissionsAreComplete);
        Assert.Equal(session.Simulator.FindKey(1011)!.Permissions, key.Permissions);
    }

    // ---- CSV rows into New-PartooApiKey ----

    [Fact]
    public async Task EachRowCreatesOneKeyWithSemicolonListsAndEmptyCellsNotGiven()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run($$"""
            @(
              [pscustomobject]@{ Label = 'Feed A'; Description = 'first'; ExpirationDate = '{{Requests.Day(30)}}'; IpWhitelist = '203.0.113.7;198.51.100.0/24'; Permissions = 'review_read;review_reply' }
              [pscustomobject]@{ Label = 'Feed B'; Description = ''; ExpirationDate = ''; IpWhitelist = ''; Permissions = '' }
            ) | New-PartooApiKey
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(["Feed A", "Feed B"], result.Objects<ApiKey>().Select(k => k.Label));
        var writes = session.Simulator.Writes();
        Assert.Equal(2, writes.Count);
        writes[0].AssertBody($$"""{"label":"Feed A","description":"first","expiration_date":"{{Requests.Day(30)}}","ip_whitelist":["203.0.113.7","198.51.100.0/24"],"has_restricted_permissions":true,"permissions":["review_read","review_reply"]}""");
        writes[1].AssertBody("""{"label":"Feed B"}""");
    }

    [Fact]
    public async Task ABadRowIsANamedNonTerminatingErrorAndTheOthersGoOn()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("""
            @(
              [pscustomobject]@{ Label = 'Good 1'; IpWhitelist = '203.0.113.7' }
              [pscustomobject]@{ Label = 'Bad'; IpWhitelist = '203.0.113.7;not-an-ip' }
              [pscustomobject]@{ Label = 'Good 2'; Permissions = 'review_read' }
            ) | New-PartooApiKey
            """);
        var error = result.SingleError();
        Assert.StartsWith("NewPartooApiKeyInvalidIpWhitelist,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("label 'Bad'", error.Exception.Message);
        Assert.Contains("not-an-ip", error.Exception.Message);
        Assert.Equal(["Good 1", "Good 2"], result.Objects<ApiKey>().Select(k => k.Label));
        Assert.Equal(2, session.Simulator.Writes().Count);
    }

    [Fact]
    public async Task AnUnreadableDateCellSkipsItsRowOnly()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("""
            @(
              [pscustomobject]@{ Label = 'Bad date'; ExpirationDate = 'someday' }
              [pscustomobject]@{ Label = 'Fine' }
            ) | New-PartooApiKey
            """);
        Assert.Contains("yyyy-MM-dd", result.SingleError().Exception.Message);
        Assert.Equal(["Fine"], result.Objects<ApiKey>().Select(k => k.Label));
    }

    [Fact]
    public async Task OneSecretNameForSeveralRowsIsRefusedBeforeTheSecondKeyIsCreated()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("""
            @([pscustomobject]@{ Label = 'One' }, [pscustomobject]@{ Label = 'Two' }) | New-PartooApiKey -SecretName Shared
            """);
        Assert.StartsWith("NewPartooApiKeySecretNameUsedTwice,", result.SingleError().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Single(session.Simulator.Writes());
    }

    // ---- copy a key ----

    [Fact]
    public async Task ACopyHasTheSameLabelDescriptionIpsAndFullPermissions()
    {
        await using var session = await SimulatorSession.StartAsync();
        // A restricted key with several permissions, one beyond what its user may do today (only -IncludeAllPermissions shows it).
        session.Simulator.UpdateKey(1010, k =>
        {
            k.HasRestrictedPermissions = true;
            k.Permissions = ["business_edit", "review_read", "review_reply", "post_create"];
            k.UserPermissions = ["business_edit", "review_read", "review_reply"];
        });
        var result = session.Run("Get-PartooApiKey -Id 1010 -IncludeAllPermissions | New-PartooApiKey");
        Assert.Empty(result.Errors);
        var body = session.Simulator.Writes().Single().Body();
        Assert.Equal("Office only", (string?)body["label"]);
        Assert.Equal("Restricted to the office networks", (string?)body["description"]);
        Assert.Equal(["203.0.113.7", "198.51.100.0/24", "2001:db8::/32"], body["ip_whitelist"]!.AsArray().Select(n => (string)n!));
        Assert.True((bool)body["has_restricted_permissions"]!);
        Assert.Equal(["business_edit", "review_read", "review_reply", "post_create"], body["permissions"]!.AsArray().Select(n => (string)n!));
        Assert.Null(body["expiration_date"]);
    }

    [Fact]
    public async Task ACopyOfAKeyReadWithoutItsFullListReadsItAgain()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooApiKey -Id 1011 | New-PartooApiKey -Label 'Successor'");
        Assert.Empty(result.Errors);
        Assert.Contains(session.Simulator.Requests, r => r.Method == "GET" && r.Path.EndsWith("/1011") && r.QueryValues.ContainsKey("include_all_permissions"));
        var body = session.Simulator.Writes().Single().Body();
        Assert.Equal("Successor", (string?)body["label"]);
        Assert.True((bool)body["has_restricted_permissions"]!);
        Assert.Equal(session.Simulator.FindKey(1011)!.Permissions, body["permissions"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task ACopyOfAnUnrestrictedKeyStaysUnrestricted()
    {
        await using var session = await SimulatorSession.StartAsync();
        Assert.Empty(session.Run("Get-PartooApiKey -Id 1003 | New-PartooApiKey").Errors);
        var body = session.Simulator.Writes().Single().Body();
        Assert.Null(body["permissions"]);
        Assert.Null(body["has_restricted_permissions"]);
    }

    // ---- CSV rows into Set-PartooApiKey ----

    [Fact]
    public async Task EachRowChangesItsOwnKeyWithOnlyItsFilledCells()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run($$"""
            @(
              [pscustomobject]@{ Id = '1002'; Label = ''; Description = 'new text'; ExpirationDate = ''; AddPermission = 'review_reply'; RemovePermission = ''; Clear = '' }
              [pscustomobject]@{ Id = '1009'; Label = 'Reports'; Description = ''; ExpirationDate = '{{Requests.Day(60)}}'; AddPermission = ''; RemovePermission = ''; Clear = '' }
              [pscustomobject]@{ Id = '1008'; Label = ''; Description = ''; ExpirationDate = ''; AddPermission = ''; RemovePermission = ''; Clear = 'Description;ExpirationDate' }
            ) | Set-PartooApiKey
            """);
        Assert.Empty(result.Errors);
        var writes = session.Simulator.Writes();
        Assert.Equal(["/v2/api_keys/1002", "/v2/api_keys/1008", "/v2/api_keys/1009"], writes.Select(w => w.Path)); // by path (Writes)
        writes[0].AssertBody("""{"description":"new text","has_restricted_permissions":true,"permissions":["business_edit","business_edit_hours","review_read","review_reply"]}""");
        writes[2].AssertBody($$"""{"label":"Reports","expiration_date":"{{Requests.Day(60)}}"}""");
        writes[1].AssertBody("""{"description":"","expiration_date":null}""");
    }

    [Fact]
    public async Task ABadSetRowIsNamedAndSendsNothingTheOthersGoOn()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("""
            @(
              [pscustomobject]@{ Id = 1002; Label = 'Fine' }
              [pscustomobject]@{ Id = 1009; AddPermission = 'Not A Name' }
              [pscustomobject]@{ Id = 1008; Description = '' }
              [pscustomobject]@{ Id = 1003; Label = 'Also fine' }
            ) | Set-PartooApiKey
            """);
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains("key 1009", result.Errors[0].Exception.Message);
        Assert.Contains("Not A Name", result.Errors[0].Exception.Message);
        Assert.StartsWith("SetPartooApiKeyNoChange,", result.Errors[1].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("key 1008", result.Errors[1].Exception.Message);
        Assert.Equal(["/v2/api_keys/1002", "/v2/api_keys/1003"], session.Simulator.Writes().Select(w => w.Path));
    }

    /// <summary>Row @{...} makes a row as Import-Csv does: every column on every row, text only, '' for an empty cell.</summary>
    private const string SetRow = """
        function Row([hashtable] $cells) {
            $row = [ordered]@{ Id = ''; Label = ''; Description = ''; ExpirationDate = ''; Permissions = ''; IpWhitelist = ''; Clear = '' }
            foreach ($name in $cells.Keys) { $row[$name] = $cells[$name] }
            [pscustomobject]$row
        }

        """;

    [Fact]
    public async Task SetRowsReplaceListsAndClearFieldsOfTheirOwnKeyOnly()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run(SetRow + """
            @(
              Row @{ Id = '1002'; Permissions = 'review_read; business_edit' }
              Row @{ Id = '1009'; Label = 'Reports'; IpWhitelist = '203.0.113.7;198.51.100.0/24' }
              Row @{ Id = '1010'; Description = 'Anywhere now'; Clear = 'IpWhitelist' }
              Row @{ Id = '1008'; Clear = 'ExpirationDate' }
            ) | Set-PartooApiKey -Force -WarningAction SilentlyContinue
            """);
        Assert.Empty(result.Errors);
        var writes = session.Simulator.Writes();
        Assert.Equal(["/v2/api_keys/1002", "/v2/api_keys/1008", "/v2/api_keys/1009", "/v2/api_keys/1010"], writes.Select(w => w.Path));
        writes[0].AssertBody("""{"has_restricted_permissions":true,"permissions":["review_read","business_edit"]}""");
        writes[1].AssertBody("""{"expiration_date":null}""");
        writes[2].AssertBody("""{"label":"Reports","ip_whitelist":["203.0.113.7","198.51.100.0/24"]}""");
        writes[3].AssertBody("""{"description":"Anywhere now","ip_whitelist":[]}""");

        var crm = session.Simulator.FindKey(1002)!;
        Assert.Equal(["review_read", "business_edit"], crm.Permissions);
        Assert.Equal("CRM sync", crm.Label);
        Assert.Equal(Requests.Day(90), crm.ExpirationDate?.ToString("yyyy-MM-dd"));
        var reporting = session.Simulator.FindKey(1009)!;
        Assert.Equal(["203.0.113.7", "198.51.100.0/24"], reporting.IpWhitelist);
        Assert.Equal("Never expires", reporting.Description);
        var office = session.Simulator.FindKey(1010)!;
        Assert.Empty(office.IpWhitelist);
        Assert.Equal("Office only", office.Label);
        var expiring = session.Simulator.FindKey(1008)!;
        Assert.Null(expiring.ExpirationDate);
        Assert.Equal("Expires in 10 days", expiring.Description);
    }

    [Fact]
    public async Task EachKindOfBadSetRowIsNamedAloneAndSendsNothingTheOthersGoOn()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run(SetRow + """
            @(
              Row @{ Id = '1002'; Label = 'Fine' }
              Row @{ Id = '1009'; IpWhitelist = '203.0.113.7;not-an-ip' }
              Row @{ Id = '1008'; Clear = 'Description;Expiry' }
              Row @{ Id = '1011'; Permissions = 'review_read;review_raed' }
              Row @{ Id = '1015'; Permissions = 'review_read,review_reply' }
              Row @{ Id = '1003'; Label = 'Also fine' }
            ) | Set-PartooApiKey -Force
            """);
        Assert.Equal(4, result.Errors.Count);
        (string id, string reason, string value)[] expected =
        [
            ("1009", "SetPartooApiKeyInvalidIpWhitelist", "not-an-ip"),
            ("1008", "SetPartooApiKeyInvalidClear", "Expiry"),
            ("1011", "SetPartooApiKeyInvalidPermission", "review_raed"), // well formed, but not in the organisation's catalogue
            ("1015", "SetPartooApiKeyInvalidPermission", "review_read,review_reply"), // lists are separated by ';' only
        ];
        foreach (var ((id, reason, value), error) in expected.Zip(result.Errors))
        {
            Assert.StartsWith(reason + ",", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains($"key {id}", error.Exception.Message, StringComparison.Ordinal);
            Assert.Contains(value, error.Exception.Message, StringComparison.Ordinal);
        }
        Assert.Equal(["/v2/api_keys/1002", "/v2/api_keys/1003"], session.Simulator.Writes().Select(w => w.Path));
    }

    [Fact]
    public async Task APipedKeyIsNotTakenAsChangesToItsOwnValues()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooApiKey -Id 1010 | Set-PartooApiKey -Description 'only this'");
        Assert.Empty(result.Errors);
        session.Simulator.Writes().Single().AssertBody("""{"description":"only this"}""");
        var noChange = session.Run("Get-PartooApiKey -Id 1010 | Set-PartooApiKey");
        Assert.StartsWith("SetPartooApiKeyNoChange,", noChange.AnyError().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Single(session.Simulator.Writes());
    }

    [Fact]
    public async Task FindingLikeObjectsBindByIdAndTheirLabelChangesNothing()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("""
            [pscustomobject]@{ Id = 1002; KeyId = 1002; Label = 'CRM sync'; Rule = 'NoIpRestriction'; Detail = 'x' } | Set-PartooApiKey -IpWhitelist 203.0.113.7
            [pscustomobject]@{ Id = 1003; KeyId = 1003; Label = 'Org integration'; Rule = 'Unrestricted' } | Revoke-PartooApiKey -Force
            """);
        Assert.Empty(result.Errors);
        var writes = session.Simulator.Writes();
        writes[0].AssertBody("""{"ip_whitelist":["203.0.113.7"]}""");
        Assert.Equal("/v2/api_keys/revoke/1003", writes[1].Path);
    }

    [Fact]
    public async Task CsvRowsWithTextIdsRevokeTheirKeys()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("""
            @([pscustomobject]@{ Id = '1002'; Label = 'CRM sync' }, [pscustomobject]@{ Id = '1008'; Label = 'Expiring soon'; Note = 'x' }) | Revoke-PartooApiKey -Force
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(["/v2/api_keys/revoke/1002", "/v2/api_keys/revoke/1008"], session.Simulator.Writes().Select(w => w.Path));
    }

    // ---- CSV out ----

    [Fact]
    public async Task ListsReadAsTextJoinedBySemicolonsAndStillBehaveAsLists()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("""
            $k = Get-PartooApiKey -Id 1010 -IncludeAllPermissions
            "$($k.IpWhitelist)"; $k.IpWhitelist.ToString(); $k.IpWhitelist.Count; $k.IpWhitelist[0]; $k.IpWhitelist -contains '203.0.113.7'
            ($k.psobject.Properties.Name -contains 'Secret')
            """);
        Assert.Empty(result.Errors);
        var values = result.Output.Select(o => o.BaseObject.ToString()).ToList();
        Assert.Equal("203.0.113.7;198.51.100.0/24;2001:db8::/32", values[1]);
        Assert.Equal(["3", "203.0.113.7", "True", "False"], values.Skip(2));
    }
}
