using System.Diagnostics;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Import-Module in a fresh process that knows nothing of PartooKeys (tests/PartooKeys.ImportCheck),
/// as a user's PowerShell would: this process's own assembly resolver cannot help it.
/// </summary>
public sealed class CleanProcessImportTests
{
    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0

    private static (int ExitCode, string Output) RunInCleanProcess(string script)
    {
        var checker = Path.Combine(Paths.RepoRoot, "tests", "PartooKeys.ImportCheck", "bin", Configuration, "net10.0", "PartooKeys.ImportCheck.dll");
        Assert.True(File.Exists(checker), $"{checker} is missing: build the solution");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { checker, Paths.ModuleManifest, Paths.TestModules, script }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "the clean process did not finish");
        return (process.ExitCode, output.Result + errors.Result);
    }

    [Fact]
    public async Task AFreshProcessImportsTheModuleAndUsesEveryPart()
    {
        await using var sim = await PartooSimulator.StartAsync(SeedData.Generated(250));
        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html503, EveryNth = 2 }); // retries run through PartooKeys.Resilience
        var (exitCode, output) = RunInCleanProcess($$"""
            "type:" + [PartooKeys.ApiKeyStatus]::Expired
            Connect-Partoo -ApiKey ([System.Net.NetworkCredential]::new('', '{{sim.CallerKey}}').SecurePassword) -BaseUri '{{sim.BaseUri}}' -RetryBaseDelaySec 0.01 -MaxConcurrency 1
            "keys:" + @(Get-PartooApiKey).Count
            "is:" + ((Get-PartooApiKey -First 1) -is [PartooKeys.ApiKey])
            """);
        Assert.True(exitCode == 0, output);
        Assert.Contains("type:Expired", output);
        Assert.Contains("keys:250", output);
        Assert.Contains("is:True", output);
    }

    [Fact]
    public async Task AnotherModulesOlderPollyImportedFirstInAFreshProcess()
    {
        await using var sim = await PartooSimulator.StartAsync(SeedData.Generated(250));
        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html503, EveryNth = 2 });
        var conflicting = Path.Combine(Paths.RepoRoot, "tests", "ConflictingModule", "bin", Configuration, "netstandard2.0", "ConflictingModule.dll");
        var (exitCode, output) = RunInCleanProcess($$"""
            #NoImport: the other module and its Polly come first
            Import-Module '{{conflicting}}'
            "other:" + (Get-ConflictingPolly)
            Import-Module $args[0]
            Connect-Partoo -ApiKey ([System.Net.NetworkCredential]::new('', '{{sim.CallerKey}}').SecurePassword) -BaseUri '{{sim.BaseUri}}' -RetryBaseDelaySec 0.01 -MaxConcurrency 1
            "keys:" + @(Get-PartooApiKey).Count
            [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Polly.Core' } | ForEach-Object {
                "polly:" + [System.Diagnostics.FileVersionInfo]::GetVersionInfo($_.Location).FileVersion + "@" + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name }
            """);
        Assert.True(exitCode == 0, output);
        Assert.Contains("other:8.0.0.0 8.5.2", output);
        Assert.Contains("keys:250", output);
        Assert.Contains("@PartooKeys", output);
        Assert.Matches(@"polly:8\.9[^@]*@PartooKeys", output);
        Assert.Matches(@"polly:8\.5\.2[^@]*@Default", output);
    }
}
