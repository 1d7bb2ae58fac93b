using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Help of New/Set/Revoke-PartooApiKey: examples, the date rule, the create answer's secret, syntax per parameter set.</summary>
public sealed class ChangeHelpTests
{
    [Theory]
    [InlineData("New-PartooApiKey", "-SecretName")]
    [InlineData("Set-PartooApiKey", "-AddPermission")]
    [InlineData("Revoke-PartooApiKey", "Get-PartooApiKey -Status Expired | Revoke-PartooApiKey -WhatIf")]
    public void AtLeastThreeExamplesIncludingTheKeyStory(string cmdlet, string story)
    {
        using var shell = new PowerShellSession();
        var codes = shell.Run("(Get-Help $c -Examples).examples.example | ForEach-Object code", new() { ["c"] = cmdlet }).Output.Select(o => o.ToString()).ToList();
        Assert.True(codes.Count >= 3, $"{cmdlet} has {codes.Count} examples");
        Assert.Contains(codes, c => c.Contains(story, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("New-PartooApiKey", new[] { "date only", "at least tomorrow", "does not say whether the create answer carries the secret" })]
    [InlineData("Set-PartooApiKey", new[] { "date only", "at least tomorrow", "include_all_permissions" })]
    [InlineData("Revoke-PartooApiKey", new[] { "cannot be undone", "-Force" })]
    public void NotesSayWhatUsersMustKnow(string cmdlet, string[] phrases)
    {
        using var shell = new PowerShellSession();
        var notes = string.Join("\n", shell.Run("(Get-Help $c -Full).alertSet.alert | ForEach-Object Text", new() { ["c"] = cmdlet }).Output.Select(o => o.ToString()));
        foreach (var phrase in phrases) Assert.Contains(phrase, notes);
    }

    [Theory]
    [InlineData("New-PartooApiKey", 4)]
    [InlineData("Set-PartooApiKey", 1)]
    [InlineData("Revoke-PartooApiKey", 2)]
    public void SyntaxShowsEveryParameterSet(string cmdlet, int sets)
    {
        using var shell = new PowerShellSession();
        var items = shell.Run("(Get-Help $c -Full).syntax.syntaxItem", new() { ["c"] = cmdlet }).Output;
        Assert.Equal(sets, items.Count);
        var helpSets = shell.Run("(Get-Command $c).ParameterSets.Count", new() { ["c"] = cmdlet }).Output.Single().BaseObject;
        Assert.Equal(sets, (int)helpSets);
    }
}
