namespace PartooKeys.Tests.Infrastructure;

/// <summary>Where the repository, the built module folder and the test modules are.</summary>
public static class Paths
{
    public static string RepoRoot { get; } = FindRepoRoot();
    /// <summary>out/PartooKeys; in a mutation run, its copy running the mutated assembly (see <see cref="MutatedModule"/>).</summary>
    public static string ModuleFolder { get; } = MutatedModule.FolderFor(Path.Combine(RepoRoot, "out", "PartooKeys"));
    public static string ModuleManifest => Path.Combine(ModuleFolder, "PartooKeys.psd1");
    public static string TestModules => Path.Combine(AppContext.BaseDirectory, "TestModules");

    /// <summary>The ModuleVersion the repository's PartooKeys.psd1 declares (tests read it rather than restate it).</summary>
    public static string ModuleVersion { get; } =
        System.Text.RegularExpressions.Regex.Match(File.ReadAllText(Path.Combine(RepoRoot, "PartooKeys.psd1")), @"ModuleVersion\s*=\s*'([^']+)'").Groups[1].Value;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PartooKeys.sln"))) return dir.FullName;
        throw new InvalidOperationException("PartooKeys.sln not found above " + AppContext.BaseDirectory);
    }
}
