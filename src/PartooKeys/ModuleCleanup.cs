using System.Management.Automation;

namespace PartooKeys;

/// <summary>Runs at Remove-Module PartooKeys (and Import-Module -Force): takes out what the module added to the session.</summary>
public sealed class ModuleCleanup : IModuleAssemblyCleanup
{
    public void OnRemove(PSModuleInfo psModuleInfo) => TableViews.Unload();
}
