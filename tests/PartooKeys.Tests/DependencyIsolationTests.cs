using System.Runtime.Loader;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>PartooKeys keeps its own dependencies: another module's older Polly.Core does not break it.</summary>
public sealed class DependencyIsolationTests
{
    private static string ConflictingModule
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
            return Path.Combine(Paths.RepoRoot, "tests", "ConflictingModule", "bin", configuration, "netstandard2.0", "ConflictingModule.dll");
        }
    }

    [Fact]
    public async Task AnotherModulesOlderPollyLoadedFirstDoesNotBreakPartooKeys()
    {
        await using var sim = await PartooSimulator.StartAsync(SeedData.Generated(300));
        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html503, EveryNth = 2 }); // makes PartooKeys use Polly
        using var shell = new PowerShellSession(importModule: false);
        var other = shell.Run("Import-Module $m; Get-ConflictingPolly", new() { ["m"] = ConflictingModule });
        Assert.Empty(other.Errors);
        Assert.StartsWith("8.0.0.0 8.5.2", (string)Assert.Single(other.Output).BaseObject, StringComparison.Ordinal);

        var result = shell.Run("Import-Module $p; Set-Secret -Name PartooApiKey -Secret $k; Connect-Partoo -BaseUri $u -RetryBaseDelaySec 0.01 -MaxConcurrency 1; Get-PartooApiKey",
            new() { ["p"] = Paths.ModuleManifest, ["k"] = PowerShellSession.Secure(sim.CallerKey), ["u"] = sim.BaseUri });
        Assert.Empty(result.Errors);
        Assert.Equal(300, result.Objects<ApiKey>().Count());

        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(PartooClient).Assembly)); // [PartooKeys.ApiKey] resolves
        var isolated = AssemblyLoadContext.All.Single(c => c.Name == "PartooKeys");
        Assert.Contains(isolated.Assemblies, a => a.GetName().Name == "PartooKeys.Resilience");
        var pollyOfPartooKeys = isolated.Assemblies.Single(a => a.GetName().Name == "Polly.Core");
        Assert.StartsWith("8.9", System.Diagnostics.FileVersionInfo.GetVersionInfo(pollyOfPartooKeys.Location).FileVersion, StringComparison.Ordinal);
        Assert.Contains(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Polly.Core" && a.Location.Contains("ConflictingModule", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Polly.Core, Version=8.0.0.0, Culture=neutral, PublicKeyToken=c8a3ffc3f8f825cc", "Polly.Core.dll")]
    [InlineData("System.Runtime.CompilerServices.Unsafe, Version=6.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", "System.Runtime.CompilerServices.Unsafe.dll")]
    [InlineData("PartooKeys.Resilience", "PartooKeys.Resilience.dll")]
    [InlineData("Newtonsoft.Json, Version=13.0.0.0", null)]
    [InlineData("..\\..\\evil", null)]
    [InlineData("", null)]
    public void TheWindowsPowerShellResolverServesOnlyTheModulesOwnDlls(string requested, string? expectedFile)
    {
        using var shell = new PowerShellSession();
        var folder = Path.Combine(Paths.ModuleFolder, "Dependencies");
        var result = shell.Run("[PartooKeys.DependencyFolder]::PathFor($f, $n)", new() { ["f"] = folder, ["n"] = requested });
        if (expectedFile is null) Assert.Empty(result.Output);
        else Assert.Equal(Path.Combine(folder, expectedFile), (string)Assert.Single(result.Output).BaseObject);
    }
}
