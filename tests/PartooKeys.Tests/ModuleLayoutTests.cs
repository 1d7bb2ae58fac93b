using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>The built folder out/PartooKeys: manifest, dlls, exports, help, and every .ps1 in the repo parses.</summary>
public sealed class ModuleLayoutTests
{
    private static readonly string[] ExpectedCmdlets = ["Connect-Partoo", "Disconnect-Partoo", "Get-PartooApiKey", "Get-PartooApiKeyAudit", "Get-PartooConnection", "Get-PartooPermission", "New-PartooApiKey", "Revoke-PartooApiKey", "Set-PartooApiKey"];

    [Fact]
    public void BuiltFolderHoldsEverythingTheModuleNeeds()
    {
        foreach (var file in new[] { "PartooKeys.psd1", "PartooKeys.dll", "PartooKeys.Client.dll", "PartooKeys.Loader.dll", "PartooKeys.format.ps1xml", "LICENSE",
                     Path.Combine("Dependencies", "PartooKeys.Resilience.dll"), Path.Combine("Dependencies", "Polly.Core.dll"), Path.Combine("Dependencies", "System.Text.Json.dll"),
                     Path.Combine("Dependencies", "Microsoft.Bcl.AsyncInterfaces.dll"), Path.Combine("Dependencies", "System.Threading.RateLimiting.dll"),
                     Path.Combine("en-US", "PartooKeys.dll-Help.xml"), Path.Combine("en-US", "about_PartooKeys.help.txt") })
            Assert.True(File.Exists(Path.Combine(Paths.ModuleFolder, file)), $"{file} is missing from out/PartooKeys");
    }

    [Fact]
    public void TheFolderHoldsOneModuleManifest()
    {
        // PSResourceGet packs the folder as the module its first manifest names (a second one was published as PartooKeys.Format).
        var manifests = Directory.GetFiles(Paths.ModuleFolder, "*.psd1", SearchOption.AllDirectories).Select(Path.GetFileName);
        Assert.Equal(["PartooKeys.psd1"], manifests);
    }

    [Fact]
    public void NoDependencyIsNewerThanWhatPowerShell74Carries()
    {
        foreach (var dll in Directory.GetFiles(Paths.ModuleFolder, "*.dll", SearchOption.AllDirectories))
        {
            var name = AssemblyName.GetAssemblyName(dll);
            if (name.Name!.StartsWith("System.", StringComparison.Ordinal) || name.Name.StartsWith("Microsoft.Bcl.", StringComparison.Ordinal))
                Assert.True(name.Version!.Major <= 8, $"{name.Name} {name.Version} is newer than .NET 8 (PowerShell 7.4) carries");
            Assert.NotEqual("System.Management.Automation", name.Name);
        }
    }

    [Fact]
    public void ManifestDeclaresWhatTheGalleryNeeds()
    {
        var ast = Parser.ParseFile(Path.Combine(Paths.RepoRoot, "PartooKeys.psd1"), out _, out var errors);
        Assert.Empty(errors);
        var manifest = (Hashtable)ast.Find(a => a is HashtableAst, false)!.SafeGetValue();
        Assert.Equal("PartooKeys.dll", manifest["RootModule"]);
        Assert.True(Version.TryParse((string)manifest["ModuleVersion"]!, out _), "ModuleVersion is not a version");
        Assert.True(Guid.TryParse((string)manifest["GUID"]!, out _));
        Assert.Equal("5.1", manifest["PowerShellVersion"]);
        Assert.Equal(new object[] { "Desktop", "Core" }, (object[])manifest["CompatiblePSEditions"]!);
        Assert.False(manifest.ContainsKey("RequiredModules"), "SecretManagement is imported when a vault is used, not required at import");
        var cmdlets = ((object[])manifest["CmdletsToExport"]!).Cast<string>().ToArray();
        Assert.DoesNotContain(cmdlets, c => c.Contains('*'));
        Assert.Empty((object[])manifest["FunctionsToExport"]!);
        Assert.Empty((object[])manifest["AliasesToExport"]!);
        Assert.Empty((object[])manifest["VariablesToExport"]!);
        Assert.False(manifest.ContainsKey("FormatsToProcess"), "the views load with the first command, not at import");
        Assert.False(string.IsNullOrWhiteSpace((string)manifest["Description"]!));
        var psData = (Hashtable)((Hashtable)manifest["PrivateData"]!)["PSData"]!;
        foreach (var key in new[] { "Tags", "ReleaseNotes" }) Assert.NotNull(psData[key]);
        // No invented addresses: build.ps1 -ProjectUri/-LicenseUri stamp real ones into a package.
        Assert.False(psData.ContainsKey("ProjectUri") || psData.ContainsKey("LicenseUri"), "the manifest names no project or license address");
        Assert.Contains("Microsoft.PowerShell.SecretManagement", ((object[])psData["ExternalModuleDependencies"]!).Cast<string>());
    }

    // The session's format files (what Update-FormatData and Remove-Module change); Get-FormatData is not in the hosted engine.
    private static bool ViewsLoaded(PowerShellSession session) =>
        session.Runspace.InitialSessionState.Formats.Any(f => Path.GetFileName(f.FileName ?? string.Empty) == "PartooKeys.format.ps1xml");

    [Fact]
    public void TheViewsLoadWithTheFirstCommandNotAtImport()
    {
        using var session = new PowerShellSession();
        Assert.False(ViewsLoaded(session), "Import-Module loaded the views");
        var first = session.Run("Get-PartooConnection");
        Assert.Empty(first.Errors);
        Assert.True(ViewsLoaded(session), "the first command did not load the views");
        Assert.Equal(["PartooKeys"], session.Run("Get-Module PartooKeys* | ForEach-Object Name").Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void RemoveModuleTakesTheViewsOutAndImportingAgainBringsThemBack()
    {
        using var session = new PowerShellSession();
        session.Run("Get-PartooConnection");
        var removed = session.Run("Remove-Module PartooKeys -ErrorAction Stop; Get-Module PartooKeys*");
        Assert.Null(removed.Terminating);
        Assert.Empty(removed.Errors);
        Assert.Empty(removed.Output);
        Assert.False(ViewsLoaded(session), "Remove-Module left the views loaded");

        var again = session.Run("Import-Module $manifest -ErrorAction Stop; Get-PartooConnection -ErrorAction Stop; Get-Module PartooKeys* | ForEach-Object Name",
            new() { ["manifest"] = Paths.ModuleManifest });
        Assert.Null(again.Terminating);
        Assert.Empty(again.Errors);
        Assert.Equal(["PartooKeys"], again.Output.Select(o => (string)o.BaseObject));
        Assert.True(ViewsLoaded(session), "the first command after importing again did not load the views");
    }

    [Fact]
    public void ImportExportsExactlyTheDocumentedCmdlets()
    {
        using var shell = new PowerShellSession();
        var result = shell.Run("Get-Command -Module PartooKeys | ForEach-Object Name");
        Assert.Equal(ExpectedCmdlets.Order(), result.Output.Select(o => (string)o.BaseObject).Order());
        var manifestCmdlets = shell.Run("(Get-Module PartooKeys).ExportedCmdlets.Keys").Output.Select(o => (string)o.BaseObject);
        Assert.Equal(ExpectedCmdlets.Order(), manifestCmdlets.Order());
    }

    [Theory]
    [InlineData("7.2.0.0", false)]
    [InlineData("7.3.9.0", false)]
    [InlineData("7.4.0.0", true)]
    [InlineData("7.6.9.0", true)]
    [InlineData("3.0.0.0", true)] // Windows PowerShell 5.1's engine assembly version
    public void OnlyWindowsPowerShell51AndPowerShell74OrLaterAreAccepted(string engineVersion, bool supported)
    {
        using var shell = new PowerShellSession();
        var result = shell.Run("[PartooKeys.PowerShellVersionCheck]::Problem([version]$v)", new() { ["v"] = engineVersion });
        if (supported) Assert.Empty(result.Output);
        else Assert.Contains("PowerShell 7.4 or later", (string)Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void EveryPs1FileInTheRepositoryParses()
    {
        var files = Directory.EnumerateFiles(Paths.RepoRoot, "*.ps1", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}out{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.Contains(files, f => f.EndsWith("build.ps1", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("PartooKeys.Tests.ps1", StringComparison.Ordinal));
        foreach (var file in files)
        {
            Parser.ParseFile(file, out _, out var errors);
            Assert.True(errors.Length == 0, $"{file}: {string.Join("; ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}"))}");
        }
    }
}
