using System;

namespace PartooKeys;

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
