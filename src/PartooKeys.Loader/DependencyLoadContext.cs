using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PartooKeys.Loader;

/// <summary>
/// Keeps PartooKeys' private dependencies (Polly, ...) in a load context of their own, so another
/// module that loaded other versions first cannot break PartooKeys, nor PartooKeys it.
/// The module folder's top-level assemblies (PartooKeys.dll, PartooKeys.Client.dll: the types users
/// see, such as [PartooKeys.ApiKey]) stay in the default context, where PowerShell resolves type
/// names. The Dependencies folder loads here, except what the .NET runtime itself carries
/// (System.Text.Json, System.Memory, ...), which comes from the runtime.
/// </summary>
public sealed class DependencyLoadContext : AssemblyLoadContext
{
    private static readonly object Gate = new();
    private static DependencyLoadContext? _instance;

    private readonly string _moduleFolder;
    private readonly string _dependencyFolder;
    private readonly string _runtimeFolder;

    private DependencyLoadContext(string moduleFolder, string dependencyFolder)
        : base("PartooKeys", isCollectible: false)
    {
        _moduleFolder = moduleFolder;
        _dependencyFolder = dependencyFolder;
        _runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
    }

    /// <summary>
    /// Creates the context once and lets the default context find PartooKeys' assemblies.
    /// The folders come from PartooKeys.ModuleInitializer (DependencyFolder), the one place that names them.
    /// </summary>
    public static void Install(string moduleFolder, string dependencyFolder)
    {
        lock (Gate)
        {
            if (_instance is not null) return;
            _instance = new DependencyLoadContext(moduleFolder, dependencyFolder);
            Default.Resolving += (_, name) => _instance.ResolveForDefault(name);
        }
    }

    /// <summary>
    /// Top-level PartooKeys assemblies load into the default context; PartooKeys' private ones
    /// (PartooKeys.Resilience) into this one, and their dependencies follow them here. Other
    /// modules never get PartooKeys' copies.
    /// </summary>
    private Assembly? ResolveForDefault(AssemblyName name)
    {
        if (name.Name?.StartsWith("PartooKeys", StringComparison.Ordinal) != true) return null;
        var topLevel = Path.Combine(_moduleFolder, name.Name + ".dll");
        if (File.Exists(topLevel)) return Default.LoadFromAssemblyPath(topLevel);
        return File.Exists(PrivatePath(name)) ? LoadFromAssemblyName(name) : null;
    }

    protected override Assembly? Load(AssemblyName name)
    {
        var path = PrivatePath(name);
        if (!File.Exists(path) || File.Exists(Path.Combine(_runtimeFolder, name.Name + ".dll"))) return null;
        return LoadFromAssemblyPath(path);
    }

    private string PrivatePath(AssemblyName name) => Path.Combine(_dependencyFolder, (name.Name ?? string.Empty) + ".dll");
}
