using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Get-PartooApiKey -Id: by value, by property name, unknown ids, and the key object itself.</summary>
public sealed class GetApiKeyByIdTests
{
    [Fact]
    public async Task IdsComeFromThePipelineByValue()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("1001,1002 | Get-PartooApiKey");
        Assert.Equal([1001, 1002], result.Objects<ApiKey>().Select(k => k.Id));
        Assert.Equal(["/v2/api_keys/1001", "/v2/api_keys/1002"], session.Simulator.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task IdsComeFromThePipelineByPropertyName()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooApiKey -Status Disabled | Get-PartooApiKey -IncludeAllPermissions");
        Assert.Equal([1004, 1005], result.Objects<ApiKey>().Select(k => k.Id));
        Assert.All(result.Objects<ApiKey>(), k => Assert.True(k.PermissionsAreComplete));
    }

    [Fact]
    public async Task AnUnknownIdIsANonTerminatingErrorAndTheOthersStillComeOut()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooApiKey -Id 1001, 999999, 1003");
        Assert.Equal([1001, 1003], result.Objects<ApiKey>().Select(k => k.Id));
        var error = result.SingleError();
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.StartsWith("GetPartooApiKeyNotFound", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(999999, error.TargetObject);
        Assert.Contains("999999", error.ToString());
        Assert.Contains("Get-PartooApiKey", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task ErrorActionStopStopsAtTheFirstFailure()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("try { Get-PartooApiKey -Id 999999, 1001 -ErrorAction Stop } catch { 'caught' }");
        Assert.Equal(["caught"], result.Output.Select(o => o.ToString()));
        Assert.Single(session.Simulator.Requests);
    }

    [Fact]
    public async Task EveryDocumentedFieldIsRead()
    {
        await using var session = await SimulatorSession.StartAsync();
        var key = session.Run("Get-PartooApiKey -Id 1005").Objects<ApiKey>().Single();
        var sim = session.Simulator.FindKey(1005)!;
        Assert.Equal(sim.Label, key.Label);
        Assert.Equal(sim.Description, key.Description);
        Assert.Equal(sim.UserId, key.UserId);
        Assert.Equal(sim.UserName, key.UserName);
        Assert.Equal(sim.UserRole, key.UserRole);
        Assert.Equal(sim.UserType, key.UserType);
        Assert.True(key.Disabled);
        Assert.Equal(ApiKeyStatus.Disabled, key.Status);
        Assert.Equal(sim.ExpirationDate!.Value.ToDateTime(TimeOnly.MinValue), key.ExpirationDate);
        Assert.Equal(sim.CreatedBy, key.CreatedBy);
        Assert.Equal(sim.CreatedByName, key.CreatedByName);
        Assert.Equal(sim.RevokedBy, key.RevokedBy);
        Assert.Equal(sim.RevokedByName, key.RevokedByName);
        Assert.NotNull(key.RevokedAt);
        Assert.Equal(sim.IpWhitelist, key.IpWhitelist);
        Assert.Equal(sim.HasRestrictedPermissions, key.HasRestrictedPermissions);
    }

    [Theory]
    [InlineData(1001, "2024-03-01T07:00:00.0000000+00:00")]   // +02
    [InlineData(1002, "2024-03-01T03:30:00.5000000+00:00")]   // +05:30 with a fraction
    [InlineData(1003, "2019-08-22T11:46:38.9144670+00:00")]   // microseconds, +00
    [InlineData(1004, "2024-01-01T02:59:59.0000000+00:00")]   // -03
    public async Task PostgresTimestampsBecomeUtc(int id, string expected)
    {
        await using var session = await SimulatorSession.StartAsync();
        var key = session.Run("Get-PartooApiKey -Id $id", new() { ["id"] = id }).Objects<ApiKey>().Single();
        Assert.Equal(TimeSpan.Zero, key.LastUsedAt!.Value.Offset);
        Assert.Equal(expected, key.LastUsedAt.Value.ToString("O"));
    }

    [Fact]
    public async Task AbsentAndNullFieldsAreFine()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("Get-PartooApiKey -Id 1013, 1014, 1015");
        Assert.Empty(result.Errors);
        var keys = result.Objects<ApiKey>().ToDictionary(k => k.Id);
        Assert.Null(keys[1013].UserType);
        Assert.Null(keys[1014].Description);
        Assert.Null(keys[1015].LastUsedAt);
    }

    [Fact]
    public async Task TheTableViewShowsTheDocumentedColumns()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("Get-PartooApiKey -Id 1002 | Out-Default");
        var text = session.Shell.Host.Text;
        foreach (var column in new[] { "Id", "Label", "Status", "UserType", "UserName", "ExpirationDate", "LastUsedAt" })
            Assert.Contains(column, text);
        Assert.Contains("CRM sync", text);
        Assert.Contains(DateTime.UtcNow.Date.AddDays(90).ToString("yyyy-MM-dd"), text);
        Assert.DoesNotContain("HasRestrictedPermissions", text);
    }
}
