using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace PartooKeys.Tests.Infrastructure;

/// <summary>
/// Makes the tests use the very assemblies the engine uses: PartooKeys.dll from out/PartooKeys, and
/// its dependencies through the module's own loader (as Import-Module would), never a second copy.
/// </summary>
internal static class ModuleAssemblies
{
    [ThreadStatic] private static bool _resolving;

    [ModuleInitializer]
    internal static void UseTheBuiltModule()
    {
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name == "PartooKeys") return context.LoadFromAssemblyPath(Path.Combine(Paths.ModuleFolder, "PartooKeys.dll"));
            if (name.Name?.StartsWith("PartooKeys", StringComparison.Ordinal) != true || _resolving) return null;
            var module = context.LoadFromAssemblyPath(Path.Combine(Paths.ModuleFolder, "PartooKeys.dll"));
            var initializer = (System.Management.Automation.IModuleAssemblyInitializer)Activator.CreateInstance(module.GetType("PartooKeys.ModuleInitializer", true)!)!;
            initializer.OnImport(); // installs the module's own resolver, which this load goes through
            _resolving = true;
            try { return context.LoadFromAssemblyName(name); }
            catch (FileNotFoundException) { return null; }
            finally { _resolving = false; }
        };
    }
}
