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
    [ModuleInitializer]
    internal static void UseTheBuiltModule()
    {
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name == "PartooKeys") return context.LoadFromAssemblyPath(Path.Combine(Paths.ModuleFolder, "PartooKeys.dll"));
            if (name.Name?.StartsWith("PartooKeys", StringComparison.Ordinal) != true) return null;
            var module = context.LoadFromAssemblyPath(Path.Combine(Paths.ModuleFolder, "PartooKeys.dll"));
            var initializer = (System.Management.Automation.IModuleAssemblyInitializer)Activator.CreateInstance(module.GetType("PartooKeys.ModuleInitializer", true)!)!;
            initializer.OnImport();
            var loader = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "PartooKeys.Loader");
            return (Assembly?)loader.GetType("PartooKeys.Loader.DependencyLoadContext", true)!.GetMethod("Resolve")!.Invoke(null, [name]);
        };
    }
}
