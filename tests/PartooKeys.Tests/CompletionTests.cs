using System.Management.Automation;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>TabExpansion2 completes enum parameters.</summary>
public sealed class CompletionTests
{
    [Theory]
    [InlineData("Get-PartooApiKey -Status ", new[] { "Active", "Inactive", "Disabled", "Expired" })]
    [InlineData("Get-PartooApiKey -Status Ex", new[] { "Expired" })]
    [InlineData("Get-PartooApiKey -Type ", new[] { "Bot", "User" })]
    [InlineData("Connect-Partoo -Environment ", new[] { "Production", "Sandbox" })]
    public void EnumParametersComplete(string input, string[] expected)
    {
        using var shell = new PowerShellSession();
        var result = shell.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches | ForEach-Object CompletionText",
            new() { ["s"] = input });
        Assert.Equal(expected.Order(), result.Output.Select(o => (string)o.BaseObject).Order());
    }
}
