using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PartooKeys.Loader;

/// <summary>
/// Loads PartooKeys' own dependencies (the client, Polly, ...) from the module's Dependencies
/// folder into a context of their own, so another module that loaded other versions first cannot
/// break PartooKeys, nor PartooKeys it. Assemblies the .NET runtime itself carries (System.Text.Json,
/// System.Memory, ...) come from the runtime.
/// </summary>
public sealed class DependencyLoadContext : AssemblyLoadContext
{
    private static readonly object Gate = new();
    private static DependencyLoadContext? _instance;

    private readonly string _folder;
    private readonly string _runtimeFolder;

    private DependencyLoadContext(string folder)
        : base("PartooKeys", isCollectible: false)
    {
        _folder = folder;
        _runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
    }

    /// <summary>Creates the context once and lets the default context find PartooKeys' dependencies through it.</summary>
    public static void Install(string dependencyFolder)
    {
        lock (Gate)
        {
            if (_instance is not null) return;
            _instance = new DependencyLoadContext(dependencyFolder);
            Default.Resolving += (_, name) => _instance.ResolveForDefault(name);
        }
    }

    /// <summary>The assembly PartooKeys uses for this name, or null when it is not one of PartooKeys' own.</summary>
    public static Assembly? Resolve(AssemblyName name) => _instance?.ResolveForDefault(name);

    /// <summary>
    /// Only PartooKeys' own assemblies (the client) are handed to the default context; their
    /// dependencies then load in this context, and other modules never get PartooKeys' copies.
    /// </summary>
    private Assembly? ResolveForDefault(AssemblyName name) =>
        name.Name?.StartsWith("PartooKeys.", StringComparison.Ordinal) == true && File.Exists(PathOf(name)) ? LoadFromAssemblyName(name) : null;

    protected override Assembly? Load(AssemblyName name)
    {
        var path = PathOf(name);
        if (!File.Exists(path) || File.Exists(Path.Combine(_runtimeFolder, name.Name + ".dll"))) return null;
        return LoadFromAssemblyPath(path);
    }

    private string PathOf(AssemblyName name) => Path.Combine(_folder, (name.Name ?? string.Empty) + ".dll");
}
