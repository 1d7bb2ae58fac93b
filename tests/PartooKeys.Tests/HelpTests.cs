using System.Management.Automation;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Get-Help reads the MAML in out/PartooKeys/en-US: every cmdlet, every parameter described, examples.</summary>
public sealed class HelpTests
{
    private static readonly string[] CommonParameters =
        ["Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
         "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm"];

    public static TheoryData<string> Cmdlets()
    {
        using var shell = new PowerShellSession();
        var data = new TheoryData<string>();
        foreach (var name in shell.Run("Get-Command -Module PartooKeys | ForEach-Object Name").Output) data.Add((string)name.BaseObject);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void EveryCmdletHasSynopsisDescriptionAndAtLeastTwoExamples(string cmdlet)
    {
        using var shell = new PowerShellSession();
        var help = Assert.Single(shell.Run("Get-Help $c -Full", new() { ["c"] = cmdlet }).Output);
        var synopsis = help.Properties["Synopsis"].Value?.ToString()?.Trim();
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotContain(cmdlet + " ", synopsis!.Substring(0, Math.Min(synopsis.Length, cmdlet.Length + 1)) + " "); // not the auto-generated syntax
        var examples = shell.Run("(Get-Help $c -Examples).examples.example", new() { ["c"] = cmdlet }).Output;
        Assert.True(examples.Count >= 2, $"{cmdlet} has {examples.Count} examples");
        var description = shell.Run("(Get-Help $c -Full).description | ForEach-Object Text", new() { ["c"] = cmdlet }).Output;
        Assert.NotEmpty(description);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void EveryParameterHasADescription(string cmdlet)
    {
        using var shell = new PowerShellSession();
        var parameters = shell.Run("(Get-Command $c).Parameters.Keys", new() { ["c"] = cmdlet }).Output.Select(o => (string)o.BaseObject)
            .Where(p => !CommonParameters.Contains(p)).ToList();
        foreach (var parameter in parameters)
        {
            var text = shell.Run("(Get-Help $c -Parameter $p).description | ForEach-Object Text", new() { ["c"] = cmdlet, ["p"] = parameter }).Output;
            Assert.True(text.Any(t => !string.IsNullOrWhiteSpace(t.ToString())), $"{cmdlet} -{parameter} has no description");
        }
    }

    [Fact]
    public void AboutTopicIsFound()
    {
        using var shell = new PowerShellSession();
        var text = string.Join("\n", shell.Run("Get-Help about_PartooKeys").Output.Select(o => o.ToString()));
        Assert.Contains("PartooKeys", text);
        Assert.Contains("GetPartooApiKeyNotFound", text);
    }
}
