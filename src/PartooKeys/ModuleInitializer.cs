using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace PartooKeys;

/// <summary>
/// Runs when the module is imported: refuses PowerShell 7 older than 7.4, makes the dependencies in
/// the Dependencies folder resolve (their own AssemblyLoadContext on PowerShell 7, an AssemblyResolve
/// handler on Windows PowerShell), and turns TLS 1.2 on for Windows PowerShell.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private static readonly object Gate = new();
    private static bool _initialized;

    public void OnImport()
    {
        var engine = typeof(PSObject).Assembly.GetName().Version ?? new Version(0, 0);
        if (PowerShellVersionCheck.Problem(engine) is string problem) throw new PlatformNotSupportedException(problem);
        lock (Gate)
        {
            if (_initialized) return;
            var moduleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
            var dependencies = Path.Combine(moduleFolder, DependencyFolder.Name);
            if (engine.Major >= 6) InstallLoadContext(moduleFolder, dependencies);
            else
            {
                AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
                    (DependencyFolder.PathFor(moduleFolder, args.Name) ?? DependencyFolder.PathFor(dependencies, args.Name)) is string path
                        ? Assembly.LoadFrom(path) : null;
                EnableModernTls();
            }
            _initialized = true;
        }
    }

    private static void InstallLoadContext(string moduleFolder, string dependencies)
    {
        var loader = Assembly.LoadFrom(Path.Combine(moduleFolder, "PartooKeys.Loader.dll"));
        loader.GetType("PartooKeys.Loader.DependencyLoadContext", throwOnError: true)!
            .GetMethod("Install", BindingFlags.Public | BindingFlags.Static)!
            .Invoke(null, new object[] { moduleFolder, dependencies });
    }

    private static void EnableModernTls()
    {
        // Windows PowerShell 5.1 may default to TLS 1.0; Partoo needs TLS 1.2 or later.
        const System.Net.SecurityProtocolType tls12 = (System.Net.SecurityProtocolType)3072;
        const System.Net.SecurityProtocolType tls13 = (System.Net.SecurityProtocolType)12288;
        try { System.Net.ServicePointManager.SecurityProtocol |= tls12 | tls13; }
        catch (NotSupportedException) { System.Net.ServicePointManager.SecurityProtocol |= tls12; }
    }
}

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

/// <summary>Which PowerShell runs PartooKeys: Windows PowerShell 5.1, or PowerShell 7.4 and later.</summary>
public static class PowerShellVersionCheck
{
    public static readonly Version MinimumCore = new(7, 4);

    /// <summary>Null when the engine (System.Management.Automation's assembly version) is supported; otherwise why not.</summary>
    public static string? Problem(Version engine)
    {
        if (engine.Major < 6) return null; // Windows PowerShell 5.1 (its engine assembly says 3.0.0.0)
        if (engine >= MinimumCore) return null;
        return $"PartooKeys needs PowerShell 7.4 or later (or Windows PowerShell 5.1); this is PowerShell {engine.ToString(2)}. Install the current PowerShell from https://aka.ms/powershell and import PartooKeys there.";
    }
}
