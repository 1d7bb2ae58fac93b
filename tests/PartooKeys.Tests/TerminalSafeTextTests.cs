using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Issue 18: a label, description or server text holding terminal control sequences (clear screen, window
/// title, OSC 52 clipboard write, BEL) is shown escaped in every view, What if / confirm text, warning and
/// error, while the objects keep the exact values.
/// </summary>
public sealed class TerminalSafeTextTests
{
    private const string Poison = "\u001b[2J\u001b]0;owned\u0007\u001b]52;c;ZXZpbA==\u0007 CRM\nsync";
    private const string Shown = "\\e[2J\\e]0;owned\\u0007\\e]52;c;ZXZpbA==\\u0007 CRM\u23cesync";

    private static void NoRawControl(string text)
    {
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u0007', text);
    }

    private static async Task<SimulatorSession> PoisonedAsync()
    {
        var session = await SimulatorSession.StartAsync();
        foreach (var id in new[] { 1002, 1004 })
            session.Simulator.UpdateKey(id, k => { k.Label = Poison; k.Description = Poison; k.UserName = Poison; });
        return session;
    }

    private static string Rendered(SimulatorSession session, string script)
    {
        // Format-Table / Format-List: the Utility cmdlets, from their assembly (the hosted engine has no module folder for them).
        session.Run("Import-Module -Assembly ([System.Reflection.Assembly]::Load('Microsoft.PowerShell.Commands.Utility'))");
        var before = session.Shell.Host.Text.Length;
        var result = session.Run(script + " | Out-Default");
        Assert.Null(result.Terminating);
        return session.Shell.Host.Text.Substring(before);
    }

    [Fact]
    public async Task TheObjectKeepsTheExactValues()
    {
        await using var session = await PoisonedAsync();
        var key = Assert.Single(session.Run("Get-PartooApiKey -Id 1002").Objects<ApiKey>());
        Assert.Equal(Poison, key.Label);
        Assert.Equal(Poison, key.Description);
    }

    [Theory]
    [InlineData("Get-PartooApiKey -Id 1002")]
    [InlineData("Get-PartooApiKey -Id 1002 | Format-Table")]
    [InlineData("Get-PartooApiKey -Id 1002 | Format-List")]
    [InlineData("Get-PartooApiKeyAudit")]
    [InlineData("Get-PartooApiKeyAudit | Format-Table")]
    public async Task ViewsShowControlCharactersEscaped(string script)
    {
        await using var session = await PoisonedAsync();
        var text = Rendered(session, script);
        NoRawControl(text);
        Assert.Contains("\\e[2J\\e]0;owned", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheListViewShowsEveryPropertyWithIsoDatesAndWholeLists()
    {
        await using var session = await PoisonedAsync();
        var text = Rendered(session, "Get-PartooApiKey -Id 1002 | Format-List");
        foreach (var property in new[] { "Id", "Label", "Description", "Status", "Disabled", "ExpirationDate", "LastUsedAt", "CreatedAt", "CreatedBy",
                     "CreatedByName", "RevokedAt", "RevokedBy", "RevokedByName", "UserId", "UserName", "UserRole", "UserType", "IpWhitelist",
                     "HasRestrictedPermissions", "Permissions", "PermissionsAreComplete" })
            Assert.Matches($@"(?m)^{property}\s+:", text);
        Assert.Contains(Shown, text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^ExpirationDate\s+: \d{4}-\d{2}-\d{2}\s*$", text);
        Assert.Matches(@"(?m)^LastUsedAt\s+: 2024-03-01 03:30:00 UTC\s*$", text); // 09:00:00.5+05:30
        Assert.Matches(@"(?m)^CreatedAt\s+: 2024-01-01 02:59:59 UTC\s*$", text);  // 23:59:59-03
        Assert.Matches(@"(?m)^Permissions\s+: business_edit, business_edit_hours, review_read\s*$", text);
    }

    [Fact]
    public async Task WhatIfAndConfirmTextAreEscaped()
    {
        await using var session = await PoisonedAsync();
        var whatIf = session.Run("Set-PartooApiKey -Id 1002 -Description 'Plain' -WhatIf; Revoke-PartooApiKey -Id 1002 -WhatIf");
        NoRawControl(whatIf.HostText);
        Assert.Contains("API key 1002 '" + Shown + "'", whatIf.HostText, StringComparison.Ordinal);

        session.Shell.Host.ChoiceAnswers.Enqueue(2); // No
        session.Run("Revoke-PartooApiKey -Id 1002");
        var prompt = Assert.Single(session.Shell.Host.Prompts);
        NoRawControl(prompt);
        Assert.Contains(Shown, prompt, StringComparison.Ordinal);
        Assert.Empty(session.Simulator.Writes());
    }

    [Fact]
    public async Task WarningsAreEscaped()
    {
        await using var session = await PoisonedAsync();
        var result = session.Run("Revoke-PartooApiKey -Id 1004 -Force");
        var warning = Assert.Single(result.Warnings).Message;
        NoRawControl(warning);
        Assert.Contains(Shown, warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerMessageWithControlCharactersIsShownEscapedInTheError()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Override = r => r.Method == "PUT"
            ? (400, "application/json", """{"errors": {"json": {"label": "\u001b]0;owned\u0007 is not allowed\u001b[2J"}}}""")
            : null;
        var error = session.Run("Set-PartooApiKey -Id 1002 -Label 'New' -Confirm:$false").AnyError();
        foreach (var text in new[] { error.ToString(), error.ErrorDetails.Message, error.Exception.Message })
        {
            NoRawControl(text);
            Assert.Contains("\\e]0;owned\\u0007 is not allowed", text, StringComparison.Ordinal);
        }
    }
}
