using System;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace PartooKeys;

/// <summary>
/// PartooKeys' views (PartooKeys.format.ps1xml): added to a runspace's format data with Update-FormatData
/// -AppendPath when the first PartooKeys command runs there, not at Import-Module (loading a format file
/// builds the session's whole format database, the largest part of a cold import), and taken out again
/// at Remove-Module (<see cref="ModuleCleanup"/>). No second manifest: the module folder holds one module.
/// </summary>
internal static class TableViews
{
    public const string FileName = "PartooKeys.format.ps1xml";
    private static readonly ConditionalWeakTable<Runspace, object> LoadedIn = new();

    private static string FilePath => Path.Combine(Path.GetDirectoryName(typeof(TableViews).Assembly.Location) ?? string.Empty, FileName);

    public static void EnsureLoaded(PSCmdlet cmdlet)
    {
        if (Runspace.DefaultRunspace is not Runspace runspace || LoadedIn.TryGetValue(runspace, out _)) return;
        LoadedIn.GetValue(runspace, _ => new object());
        try
        {
            if (FindUpdateFormatData(cmdlet.InvokeCommand) is not CommandInfo update)
            {
                cmdlet.WriteVerbose("PartooKeys' table views were not loaded: this session has no Update-FormatData; objects are shown with PowerShell's default view.");
                return;
            }
            cmdlet.InvokeCommand.InvokeScript("& $args[0] -AppendPath $args[1] -ErrorAction Stop", true, PipelineResultTypes.None, null, update, FilePath);
        }
        catch (Exception ex) when (ex is RuntimeException or IOException or UnauthorizedAccessException)
        {
            // Views only change how objects look: never fail a command for them.
            cmdlet.WriteVerbose($"PartooKeys' table views could not be loaded ({ex.Message}); objects are shown with PowerShell's default view.");
        }
    }

    /// <summary>
    /// Update-FormatData itself, without importing Microsoft.PowerShell.Utility (its autoload costs about 200 ms at a
    /// first command): its assembly ships with System.Management.Automation, same version and key, in every PowerShell.
    /// Else the command as the session finds it (with <paramref name="commands"/>); null in a bare hosted engine without it.
    /// </summary>
    private static CommandInfo? FindUpdateFormatData(CommandInvocationIntrinsics? commands)
    {
        try
        {
            var utility = typeof(PSObject).Assembly.GetName();
            utility.Name = "Microsoft.PowerShell.Commands.Utility";
            if (Assembly.Load(utility).GetType("Microsoft.PowerShell.Commands.UpdateFormatDataCommand") is Type type)
                return new CmdletInfo("Update-FormatData", type);
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException) { }
        return commands?.GetCommand("Update-FormatData", CommandTypes.Cmdlet);
    }

    /// <summary>Takes the views out of the current runspace's format data if a command put them there.</summary>
    public static void Unload()
    {
        if (Runspace.DefaultRunspace is not Runspace runspace || !LoadedIn.TryGetValue(runspace, out _)) return;
        LoadedIn.Remove(runspace);
        var formats = runspace.InitialSessionState?.Formats;
        if (formats is null) return;
        var removed = false;
        for (var i = formats.Count - 1; i >= 0; i--)
        {
            if (!string.Equals(formats[i].FileName, FilePath, StringComparison.OrdinalIgnoreCase)) continue;
            formats.RemoveItem(i);
            removed = true;
        }
        if (!removed) return;
        try
        {
            // Update-FormatData without a path rebuilds the session's format data from its list, ours left out.
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            if (FindUpdateFormatData(null) is CommandInfo update) shell.AddCommand(update);
            else shell.AddCommand("Update-FormatData");
            shell.Invoke();
        }
        catch (Exception ex) when (ex is RuntimeException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The views stay until the session ends; nothing else depends on them.
        }
    }
}
