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
