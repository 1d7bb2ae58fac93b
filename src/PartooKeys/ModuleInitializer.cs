using System;
using System.Management.Automation;

namespace PartooKeys;

/// <summary>Runs when the module is imported: refuses PowerShell 7 older than 7.4, turns TLS 1.2 on for Windows PowerShell.</summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        var engine = typeof(PSObject).Assembly.GetName().Version ?? new Version(0, 0);
        if (PowerShellVersionCheck.Problem(engine) is string problem) throw new PlatformNotSupportedException(problem);
        if (engine.Major < 6) EnableModernTls();
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
