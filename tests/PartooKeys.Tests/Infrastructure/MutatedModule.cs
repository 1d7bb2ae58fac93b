namespace PartooKeys.Tests.Infrastructure;

/// <summary>
/// The module folder of a mutation run (build.ps1 -Task Mutation). Stryker writes the mutated
/// assembly (PartooKeys.Client.dll or PartooKeys.dll) into the output folder of each test project
/// that references the project under test, where a test project normally holds its copy. This
/// project holds none (its references are Private="false": the engine loads PartooKeys*.dll from the
/// module folder, so that there is one copy in the process), so the mutated assembly would never be
/// loaded. When PARTOOKEYS_MUTATION is 1, the tests use instead a copy of out/PartooKeys, made
/// once per test process, with any PartooKeys.dll and PartooKeys.Client.dll found in this project's
/// output folder laid over the built ones: the module imported, with every file where the engine
/// expects it, but running the mutated code. In any other run the built folder itself is used.
/// </summary>
internal static class MutatedModule
{
    public const string Switch = "PARTOOKEYS_MUTATION";

    /// <summary>The assemblies Stryker may inject here: the two top-level ones of the module folder.</summary>
    private static readonly string[] Injectable = { "PartooKeys.dll", "PartooKeys.Client.dll" };

    public static bool IsMutationRun => Environment.GetEnvironmentVariable(Switch) == "1";

    /// <summary><paramref name="built"/> itself, or in a mutation run the copy with the injected assemblies.</summary>
    public static string FolderFor(string built)
    {
        if (!IsMutationRun) return built;
        var root = Path.Combine(AppContext.BaseDirectory, "mutation-module", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var folder = Path.Combine(root, "PartooKeys");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Copy(built, folder);
        foreach (var name in Injectable)
        {
            var injected = Path.Combine(AppContext.BaseDirectory, name);
            if (File.Exists(injected)) File.Copy(injected, Path.Combine(folder, name), overwrite: true);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { } // build.ps1 -Task Mutation removes what is left
            catch (UnauthorizedAccessException) { }
        };
        return folder;
    }

    private static void Copy(string from, string to)
    {
        if (!File.Exists(Path.Combine(from, "PartooKeys.psd1")))
            throw new InvalidOperationException($"{from} holds no built module: build PartooKeys first.");
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
