using System.Management.Automation;
using System.Management.Automation.Runspaces;

// Usage: PartooKeys.ImportCheck <module manifest> <test modules folder> <script>
// Imports the module (unless the script starts with "#NoImport"; it gets the manifest as $args[0]),
// runs the script, prints every output object, then every error; exits 1 when there was an error.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: PartooKeys.ImportCheck <manifest> <testModulesFolder> <script>");
    return 2;
}
Environment.SetEnvironmentVariable("PSModulePath", args[1] + Path.PathSeparator + Environment.GetEnvironmentVariable("PSModulePath"));
using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();
using var shell = PowerShell.Create();
shell.Runspace = runspace;
var import = args[2].StartsWith("#NoImport", StringComparison.Ordinal) ? "" : "Import-Module $args[0] -ErrorAction Stop\n";
shell.AddScript(import + args[2]).AddArgument(args[0]);
try
{
    foreach (var item in shell.Invoke()) Console.WriteLine(item?.ToString());
}
catch (RuntimeException ex)
{
    Console.WriteLine("ERROR: " + ex.Message);
    return 1;
}
foreach (var error in shell.Streams.Error) Console.WriteLine("ERROR: " + error);
return shell.Streams.Error.Count == 0 ? 0 : 1;
