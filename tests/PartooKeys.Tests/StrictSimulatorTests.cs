using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// What the module does when the simulator is as strict as Partoo may be (SimulatorKnobs.Strict.cs): plural
/// <c>errors</c> bodies, null arrays, retired permission names and leading-zero IPs refused by the server.
/// </summary>
public sealed class StrictSimulatorTests
{
    private static ErrorRecord ErrorOf(EngineResult result) =>
        result.Terminating is IContainsErrorRecord terminating ? terminating.ErrorRecord : result.AnyError();

    [Theory]
    [InlineData("revoked caller", "Get-PartooApiKey", "GetPartooApiKeyUnauthorized", ErrorCategory.AuthenticationError, "User not authenticated")]
    [InlineData("forbidden 1002", "Get-PartooApiKey -Id 1002", "GetPartooApiKeyForbidden", ErrorCategory.PermissionDenied, "Operation not allowed")]
    [InlineData("", "Get-PartooApiKey -Id 4242", "GetPartooApiKeyNotFound", ErrorCategory.ObjectNotFound, "Resource not found")]
    [InlineData("retired refused", "Set-PartooApiKey -Id 1013 -AddPermission review_reply", "SetPartooApiKeyInvalidArgument", ErrorCategory.InvalidArgument,
        "permissions: Unknown permission: 'review_export_legacy'.")]
    public async Task PluralErrorBodiesGiveTheSameErrorIdAndPartoosMessage(string setup, string command, string errorId, ErrorCategory category, string message)
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.PluralErrors = true;
        if (setup == "revoked caller") session.Simulator.UpdateKey(1001, k => k.Disabled = true);
        if (setup == "forbidden 1002") session.Simulator.Knobs.ForbiddenIds.Add(1002);
        if (setup == "retired refused") session.Simulator.Knobs.RejectRetiredPermissions = true;

        var error = ErrorOf(session.Run(command));

        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NullListsAreReadAsEmptyListsInEveryAnswer()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.NullEmptyArrays = true;
        session.Simulator.UpdateKey(1014, k => { k.HasRestrictedPermissions = false; k.Permissions = []; k.UserPermissions = []; });

        var result = session.Run("""
            $one = Get-PartooApiKey -Id 1014 -IncludeAllPermissions
            $listed = Get-PartooApiKey | Where-Object Id -eq 1014
            foreach ($key in $one, $listed) {
                $null -ne $key.IpWhitelist; $key.IpWhitelist.Count; $key.IpWhitelist.ToString()
                $null -ne $key.Permissions; $key.Permissions.Count; $key.Permissions.ToString()
            }
            """);

        Assert.Empty(result.Errors);
        var values = result.Output.Select(o => o.BaseObject.ToString()).ToList();
        Assert.Equal(["True", "0", "", "True", "0", ""], values.Take(6));
        Assert.Equal(values.Take(6), values.Skip(6)); // the listing's page reads them the same way
    }

    [Fact]
    public async Task AddingToANullListSendsTheNewEntriesOnly()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.NullEmptyArrays = true;

        Assert.Empty(session.Run("Set-PartooApiKey -Id 1014 -AddIpWhitelist 203.0.113.7").Errors);

        session.Simulator.Writes().Single().AssertBody("""{"ip_whitelist":["203.0.113.7"]}""");
    }

    [Fact]
    public async Task ARetiredNameTheServerRefusesIsItsFieldErrorAndANewOneIsRefusedBeforeSending()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.RejectRetiredPermissions = true;
        var before = session.Simulator.FindKey(1013)!.Permissions;

        // 1013 holds the retired review_export_legacy: a merge sends it back, and this server refuses it.
        var kept = session.Run("Set-PartooApiKey -Id 1013 -AddPermission review_reply");
        var error = kept.SingleError();
        Assert.StartsWith("SetPartooApiKeyInvalidArgument,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("API key 1013", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("permissions: Unknown permission: 'review_export_legacy'.", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, session.Simulator.FindKey(1013)!.Permissions);

        // A retired name asked for anew is not in the organisation's catalogue: refused before anything is sent.
        session.Simulator.ClearRequests();
        var created = session.Run("New-PartooApiKey -Label 'Exports' -Permission review_export_legacy");
        Assert.StartsWith("NewPartooApiKeyInvalidPermission,", ErrorOf(created).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(session.Simulator.Writes());
    }

    [Fact]
    public async Task ALeadingZeroIpTheKeyAlreadyHoldsIsTheServersFieldError()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.RejectLeadingZeroIps = true;
        session.Simulator.UpdateKey(1010, k => k.IpWhitelist = ["010.0.0.1"]); // stored before Partoo checked

        var result = session.Run("Set-PartooApiKey -Id 1010 -AddIpWhitelist 203.0.113.7");

        var error = result.SingleError();
        Assert.StartsWith("SetPartooApiKeyInvalidArgument,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("API key 1010", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("ip_whitelist: Not a valid IP address or CIDR range: '010.0.0.1'.", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(["010.0.0.1"], session.Simulator.FindKey(1010)!.IpWhitelist);
    }
}
