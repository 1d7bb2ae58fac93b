using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>TabExpansion2 completes permission names without a catalogue: the documented ones and those seen on keys read in this runspace (PermissionCatalogueTests: with one).</summary>
public sealed class PermissionCompletionTests
{
    private static List<string> Complete(PowerShellSession shell, string input) =>
        shell.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches | ForEach-Object CompletionText", new() { ["s"] = input })
            .Output.Select(o => (string)o.BaseObject).ToList();

    [Theory]
    [InlineData("New-PartooApiKey -Label x -Permission review_")]
    [InlineData("Set-PartooApiKey -Id 1 -Permission review_")]
    [InlineData("Set-PartooApiKey -Id 1 -AddPermission review_")]
    [InlineData("Set-PartooApiKey -Id 1 -RemovePermission REVIEW_")]
    [InlineData("Set-PartooApiKey -Id 1 -AddPermission business_edit, review_")]
    public void DocumentedNamesComplete(string input)
    {
        using var shell = new PowerShellSession();
        Assert.Equal(["review_read", "review_reply"], Complete(shell, input));
    }

    [Fact]
    public void EveryDocumentedNameIsOffered()
    {
        using var shell = new PowerShellSession();
        var names = Complete(shell, "Set-PartooApiKey -Id 1 -AddPermission ");
        Assert.Equal(15, names.Count);
        Assert.Contains("api_key_manage", names);
        Assert.Contains("presence_read", names);
    }

    [Fact]
    public async Task NamesSeenOnKeysReadInThisRunspaceAreOfferedThereOnly()
    {
        var seed = SeedData.Standard();
        seed.Add(new SimKey { Id = 1100, Label = "Custom", Permissions = ["custom_scope_read", "Not A Name"], UserPermissions = ["custom_scope_read"], Secret = "sim-secret-1100" });
        await using var simulator = await PartooSimulator.StartAsync(seed);
        simulator.Knobs.PermissionsForbidden = true; // the fallback: no catalogue
        using var shell = new PowerShellSession();
        shell.Connect(simulator);
        Assert.Empty(Complete(shell, "New-PartooApiKey -Label x -Permission custom_"));

        shell.Run("Get-PartooApiKey -Id 1100 -IncludeAllPermissions");
        Assert.Equal(["custom_scope_read"], Complete(shell, "New-PartooApiKey -Label x -Permission custom_"));
        Assert.Equal(["custom_scope_read"], Complete(shell, "Set-PartooApiKey -Id 1 -RemovePermission cu"));
        Assert.DoesNotContain("Not A Name", Complete(shell, "Set-PartooApiKey -Id 1 -RemovePermission "));

        using var other = new PowerShellSession();
        Assert.Empty(Complete(other, "New-PartooApiKey -Label x -Permission custom_"));
    }

    [Fact]
    public async Task KeysReadBySetAndRevokeCountToo()
    {
        var seed = SeedData.Standard();
        seed.Add(new SimKey { Id = 1100, Label = "Custom", HasRestrictedPermissions = true, Permissions = ["custom_scope_read"], UserPermissions = [], Secret = "sim-secret-1100" });
        await using var simulator = await PartooSimulator.StartAsync(seed);
        simulator.Knobs.PermissionsForbidden = true; // the fallback: no catalogue
        using var shell = new PowerShellSession();
        shell.Connect(simulator);
        shell.Run("Set-PartooApiKey -Id 1100 -AddPermission review_read -WhatIf");
        Assert.Equal(["custom_scope_read"], Complete(shell, "Set-PartooApiKey -Id 1 -AddPermission custom"));
    }
}
