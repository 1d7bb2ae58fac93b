using System.Management.Automation;
using System.Runtime.Loader;

namespace PartooKeys.Benchmarks;

/// <summary>
/// A workaround, used only when a clean Import-Module of out/PartooKeys fails in a fresh process (the probe below):
/// the same resolver the engine tests install (tests/PartooKeys.Tests/Infrastructure/ModuleAssemblies.cs). It hands
/// PartooKeys.* assemblies to the module's own load context, after running the module's initializer, so the process
/// still uses the module folder's copies and nothing else.
/// </summary>
public static class ModuleResolver
{
    public static void Install(string moduleFolder)
    {
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name is not { } simple || !simple.StartsWith("PartooKeys", StringComparison.Ordinal)) return null;
            var module = context.LoadFromAssemblyPath(Path.Combine(moduleFolder, "PartooKeys.dll"));
            if (simple == "PartooKeys") return module;
            var initializer = (IModuleAssemblyInitializer)Activator.CreateInstance(module.GetType("PartooKeys.ModuleInitializer", true)!)!;
            initializer.OnImport();
            var loader = AssemblyLoadContext.All.FirstOrDefault(c => c.Name == "PartooKeys");
            return loader?.LoadFromAssemblyName(name);
        };
    }

    /// <summary>Imports the module once in a fresh runspace of this (fresh) process, with no help: null when it works, else why not.</summary>
    public static string? ProbeCleanImport(string manifest)
    {
        try
        {
            ImportTiming.Measure(manifest, 0);
            return null;
        }
        catch (BenchmarkException ex)
        {
            return ex.Message;
        }
    }
}
