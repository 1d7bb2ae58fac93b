using System;
using System.IO;
using System.Reflection;

namespace PartooKeys;

/// <summary>The module's Dependencies folder (the one place that names it): every dll but the top-level PartooKeys assemblies and the loader.</summary>
public static class DependencyFolder
{
    public const string Name = "Dependencies";

    /// <summary>
    /// The dll in the folder for an assembly's full or simple name, whatever version is asked for
    /// (Windows PowerShell has no binding redirects for modules), or null when PartooKeys has none.
    /// </summary>
    public static string? PathFor(string folder, string assemblyName)
    {
        if (string.IsNullOrWhiteSpace(assemblyName)) return null;
        string simpleName;
        try { simpleName = new AssemblyName(assemblyName).Name ?? string.Empty; }
        catch (Exception ex) when (ex is ArgumentException or FileLoadException) { return null; }
        if (simpleName.Length == 0 || simpleName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || simpleName.Contains("..")) return null;
        var path = Path.Combine(folder, simpleName + ".dll");
        return File.Exists(path) ? path : null;
    }
}
