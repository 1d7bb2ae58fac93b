using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace PartooKeys.Tests.Infrastructure;

/// <summary>Resolves PartooKeys*.dll from the built module folder, the same files Import-Module loads.</summary>
internal static class ModuleAssemblies
{
    [ModuleInitializer]
    internal static void ResolveFromModuleFolder()
    {
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name is null || !name.Name.StartsWith("PartooKeys", StringComparison.Ordinal)) return null;
            var path = Path.Combine(Paths.ModuleFolder, name.Name + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };
    }
}
