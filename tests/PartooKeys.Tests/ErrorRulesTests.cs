using System.Management.Automation;
using System.Text.RegularExpressions;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Rules every error follows: one TargetObject rule (about_PartooKeys, ERRORS), and every reason the
/// code can produce is documented there.
/// </summary>
public sealed class ErrorRulesTests
{
    private static ErrorRecord OnlyError(EngineResult result) =>
        result.Terminating is IContainsErrorRecord terminating ? terminating.ErrorRecord : Assert.Single(result.Errors);

    private static void AnswerPut403(PartooSimulator simulator) =>
        simulator.Knobs.Override = r => r.Method == "PUT" ? (403, "application/json", """{"error": {"authorization": "Operation not allowed"}}""") : null;

    [Fact]
    public async Task AKeyThatCouldNotBeReadIsNamedByItsId()
    {
        await using var session = await SimulatorSession.StartAsync();
        foreach (var script in new[] { "Get-PartooApiKey -Id 4242", "Set-PartooApiKey -Id 4242 -Label x -Confirm:$false", "Revoke-PartooApiKey -Id 4242 -Force" })
        {
            var error = OnlyError(session.Run(script));
            Assert.EndsWith("NotFound", error.FullyQualifiedErrorId.Split(',')[0], StringComparison.Ordinal);
            Assert.Equal(4242, Assert.IsType<int>(error.TargetObject));
        }
    }

    [Fact]
    public async Task AKeyThatWasReadOrPipedIsTheTarget()
    {
        await using var session = await SimulatorSession.StartAsync();
        AnswerPut403(session.Simulator);
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.EmptyBody500, PathContains = "/revoke/" });

        foreach (var script in new[]
                 {
                     "Set-PartooApiKey -Id 1001 -Label x -Confirm:$false",                         // read by id, then the PUT fails
                     "Get-PartooApiKey -Id 1001 | Set-PartooApiKey -Label x -Confirm:$false",      // piped
                     "Revoke-PartooApiKey -Id 1001 -Force",                                         // read by id, then the revoke fails
                     "Get-PartooApiKey -Id 1001 | Revoke-PartooApiKey -Force",                     // piped
                 })
        {
            var error = OnlyError(session.Run(script));
            var key = Assert.IsType<ApiKey>(error.TargetObject is PSObject wrapped ? wrapped.BaseObject : error.TargetObject);
            Assert.Equal(1001, key.Id);
        }
    }

    [Fact]
    public async Task ACreateThatFailedIsNamedByItsLabel()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.EmptyBody500, Method = "POST" });
        var error = OnlyError(session.Run("New-PartooApiKey -Label 'CRM sync'"));
        Assert.Equal("CRM sync", error.TargetObject);
    }

    [Fact]
    public async Task ARefusedValueIsTheTarget()
    {
        await using var session = await SimulatorSession.StartAsync();
        Assert.Equal("300.1.1.1", OnlyError(session.Run("New-PartooApiKey -Label k -IpWhitelist 300.1.1.1")).TargetObject);
        Assert.Equal(-3, OnlyError(session.Run("Get-PartooApiKey -Id -3")).TargetObject);
    }

    /// <summary>The reasons written in the source (PartooCmdletException, ApiKeyInput.Invalid, ErrorRecords.Classify).</summary>
    private static SortedSet<string> ReasonsInSource()
    {
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Paths.RepoRoot, "src", "PartooKeys"), "*.cs", SearchOption.AllDirectories))
        {
            var code = File.ReadAllText(file);
            foreach (Match m in Regex.Matches(code, """(?:PartooCmdletException\(|Invalid\(|\()"([A-Z][A-Za-z]+)",\s*(?:ErrorCategory|[a-z])""")) reasons.Add(m.Groups[1].Value);
            // Connect-Partoo's Refuse(reason, message, ...).
            foreach (Match m in Regex.Matches(code, """Refuse\("([A-Z][A-Za-z]+)",""")) reasons.Add(m.Groups[1].Value);
            // ApiKeyInput.Name builds "Invalid" + the parameter's name.
            foreach (Match m in Regex.Matches(code, """ApiKeyInput\.Name\([^;]*nameof\((\w+)\)\)""")) reasons.Add("Invalid" + m.Groups[1].Value);
        }
        return reasons;
    }

    [Fact]
    public void EveryReasonTheCodeCanWriteIsDocumented()
    {
        var reasons = ReasonsInSource();
        Assert.Contains("InvalidIpWhitelist", reasons); // the scan finds what it is meant to find
        Assert.Contains("InvalidProxy", reasons);
        Assert.Contains("ServerError", reasons);
        Assert.Contains("InvalidSecretName", reasons);
        var about = File.ReadAllText(Path.Combine(Paths.RepoRoot, "src", "PartooKeys", "en-US", "about_PartooKeys.help.txt"));
        var undocumented = reasons.Where(r => !Regex.IsMatch(about, $@"\b{r}\b")).ToList();
        Assert.True(undocumented.Count == 0, "not in about_PartooKeys: " + string.Join(", ", undocumented));
    }
}
