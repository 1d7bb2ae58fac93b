using System;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace PartooKeys;

/// <summary>
/// Loads PartooKeys' views (PartooKeys.format.ps1xml, through the format-only module PartooKeys.Format.psd1)
/// once per runspace, when the first PartooKeys command runs there, not at Import-Module: loading a format
/// file builds the session's whole format database, the largest part of a cold import.
/// </summary>
internal static class TableViews
{
    public const string ManifestName = "PartooKeys.Format.psd1";
    private static readonly ConditionalWeakTable<Runspace, object> LoadedIn = new();

    public static void EnsureLoaded(PSCmdlet cmdlet)
    {
        if (Runspace.DefaultRunspace is not Runspace runspace || LoadedIn.TryGetValue(runspace, out _)) return;
        LoadedIn.GetValue(runspace, _ => new object());
        var manifest = Path.Combine(Path.GetDirectoryName(typeof(TableViews).Assembly.Location) ?? string.Empty, ManifestName);
        try
        {
            cmdlet.InvokeCommand.InvokeScript("Import-Module -Name $args[0] -Global -ErrorAction Stop", true, PipelineResultTypes.None, null, manifest);
        }
        catch (Exception ex) when (ex is RuntimeException or IOException or UnauthorizedAccessException)
        {
            // Views only change how objects look: never fail a command for them.
            cmdlet.WriteVerbose($"PartooKeys' table views could not be loaded ({ex.Message}); objects are shown with PowerShell's default view.");
        }
    }
}
