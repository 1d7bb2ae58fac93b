using System.Management.Automation;
using System.Text.RegularExpressions;
using PartooKeys.Errors;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Rules every error follows: one TargetObject rule (about_PartooKeys, ERRORS), every reason comes
/// from the ErrorReason catalogue, and the about topic's tables agree with that catalogue.
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

    private static readonly string AboutTopic = Path.Combine(Paths.RepoRoot, "src", "PartooKeys", "en-US", "about_PartooKeys.help.txt");

    private sealed record Row(string Reason, string Category, string Meaning);

    /// <summary>
    /// The rows of the about topic's Reason/Category/Meaning tables. A row starts where the Reason column
    /// has text; its Meaning goes on over the lines below (a word broken with a hyphen is joined again).
    /// </summary>
    private static List<Row> AboutTables(string[] lines)
    {
        var rows = new List<Row>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!Regex.IsMatch(lines[i], @"^\s+Reason\s+Category\s+Meaning\s*$")) continue;
            var columns = Regex.Matches(lines[++i], "-+").Select(m => m.Index).ToArray();
            Assert.Equal(3, columns.Length);
            for (i++; i < lines.Length && lines[i].Trim().Length > 0; i++)
            {
                var line = lines[i].PadRight(columns[1]);
                var reason = line.Substring(0, columns[1]).Trim();
                var rest = line.Substring(columns[1]).Trim();
                if (reason.Length == 0)
                {
                    Assert.True(rows.Count > 0, $"line {i + 1} of about_PartooKeys continues no row");
                    rows[^1] = rows[^1] with { Meaning = JoinWrapped(rows[^1].Meaning, rest) };
                    continue;
                }
                // The category, then the meaning (on the next line when the category is wider than its column).
                var parts = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
                rows.Add(new Row(reason, parts.ElementAtOrDefault(0) ?? "", parts.ElementAtOrDefault(1)?.Trim() ?? ""));
            }
        }
        return rows;
    }

    private static string JoinWrapped(string text, string next) =>
        text.Length == 0 ? next
        : text.Length > 1 && text[^1] == '-' && char.IsLetter(text[^2]) ? text[..^1] + next
        : text + " " + next;

    [Fact]
    public void EveryReasonOfTheCatalogueIsInTheAboutTopicWithItsCategoryAndMeaning()
    {
        var rows = AboutTables(File.ReadAllLines(AboutTopic));
        Assert.Equal(ErrorReason.All.Count, ErrorReason.All.Select(r => r.Name).Distinct().Count());
        var problems = new List<string>();
        foreach (var reason in ErrorReason.All)
        {
            var found = rows.Where(r => r.Reason == reason.Name).ToList();
            if (found.Count != 1) problems.Add($"{reason.Name}: {found.Count} rows in about_PartooKeys, expected 1");
            else if (found[0].Category != reason.Category.ToString()) problems.Add($"{reason.Name}: category {found[0].Category} in about_PartooKeys, {reason.Category} in ErrorReason");
            else if (found[0].Meaning != reason.Meaning) problems.Add($"{reason.Name}: meaning \"{found[0].Meaning}\" in about_PartooKeys, \"{reason.Meaning}\" in ErrorReason");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void EveryReasonInTheAboutTopicsTablesIsInTheCatalogue()
    {
        var rows = AboutTables(File.ReadAllLines(AboutTopic));
        Assert.True(rows.Count >= 40, $"only {rows.Count} rows read from about_PartooKeys' tables"); // the parser finds the tables
        var unknown = rows.Select(r => r.Reason).Where(name => ErrorReason.All.All(r => r.Name != name)).ToList();
        Assert.True(unknown.Count == 0, "in about_PartooKeys but not in ErrorReason: " + string.Join(", ", unknown));
    }

    [Fact]
    public void TheParserJoinsAMeaningWrappedOverLines()
    {
        var rows = AboutTables([
            "    Reason                       Category          Meaning",
            "    ---------------------------  ----------------  ------------------------",
            "    Unauthorized                 AuthenticationError",
            "                                                   401: no -ProxyUseDefault-",
            "                                                   Credentials here.",
            "    NotFound                     ObjectNotFound    404.",
        ]);
        Assert.Equal([new Row("Unauthorized", "AuthenticationError", "401: no -ProxyUseDefaultCredentials here."), new Row("NotFound", "ObjectNotFound", "404.")], rows);
    }

    /// <summary>Reasons and categories written as literals where an error is made, instead of an ErrorReason.</summary>
    private static readonly Regex[] LiteralReason =
    [
        new(@"\bErrorCategory\.\w+"),                          // a category: only ErrorReason.cs names them
        new(@"PartooCmdletException\(\s*\$?"""),                  // new PartooCmdletException("Reason", ...)
        new(@"\bErrorRecord\(\s*[^,;()]+(?:\([^()]*\))?\s*,[^,;]*"""), // new ErrorRecord(ex, "Id" or verbNoun + "Reason", ...)
    ];

    [Fact]
    public void NoErrorIsMadeWithALiteralReasonOrCategory()
    {
        Assert.All(new[]
        {
            """throw new PartooCmdletException("NotFound", ErrorCategory.ObjectNotFound, "m", "a");""",
            """new ErrorRecord(ex, verbNoun + "InvalidKey", category, target)""",
            """new ErrorRecord(new InvalidOperationException(text), "GetPartooApiKeyInvalidKey", category, id)""",
        }, sample => Assert.Contains(LiteralReason, r => r.IsMatch(sample))); // the scan finds what it is meant to find
        Assert.DoesNotContain(LiteralReason, r => r.IsMatch("new(ex, errorId, category, target)"));

        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Paths.RepoRoot, "src", "PartooKeys"), "*.cs", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == "ErrorReason.cs" || file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                if (LiteralReason.Any(r => r.IsMatch(lines[i]))) found.Add($"{Path.GetRelativePath(Paths.RepoRoot, file)}:{i + 1}: {lines[i].Trim()}");
        }
        Assert.True(found.Count == 0, "use an ErrorReason instead:" + Environment.NewLine + string.Join(Environment.NewLine, found));
    }
}
