using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using PartooKeys.Simulator;

namespace PartooKeys.Tests.Infrastructure;

/// <summary>
/// A runspace of the hosted engine with the built module (out/PartooKeys) imported and the test
/// SecretManagement double first on PSModulePath.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    static PowerShellSession()
    {
        var current = Environment.GetEnvironmentVariable("PSModulePath") ?? string.Empty;
        if (!current.Contains(Paths.TestModules, StringComparison.Ordinal))
            Environment.SetEnvironmentVariable("PSModulePath", Paths.TestModules + Path.PathSeparator + current);
    }

    public PowerShellSession(bool importModule = true)
    {
        Host = new RecordingHost();
        Runspace = RunspaceFactory.CreateRunspace(Host, InitialSessionState.CreateDefault2());
        Runspace.Open();
        if (importModule)
        {
            var import = Run("Import-Module $manifest -ErrorAction Stop", new() { ["manifest"] = Paths.ModuleManifest });
            if (import.Terminating is not null || import.Errors.Count > 0)
                throw new InvalidOperationException("Import-Module PartooKeys failed: " + (import.Terminating?.Message ?? import.Errors[0].ToString()));
        }
    }

    public RecordingHost Host { get; }
    public Runspace Runspace { get; }

    public EngineResult Run(string script, Dictionary<string, object?>? variables = null)
    {
        using var shell = Prepare(script, variables);
        List<PSObject> output = new();
        Exception? terminating = null;
        try { output = shell.Invoke().Where(o => o is not null).ToList(); }
        catch (RuntimeException ex) { terminating = ex; }
        return Collect(shell, output, terminating);
    }

    /// <summary>A PowerShell ready to run the script in this runspace, for tests that start and stop it themselves.</summary>
    public PowerShell Prepare(string script, Dictionary<string, object?>? variables = null)
    {
        if (variables is not null)
            foreach (var (name, value) in variables) Runspace.SessionStateProxy.SetVariable(name, value);
        var shell = PowerShell.Create();
        shell.Runspace = Runspace;
        shell.AddScript(script);
        return shell;
    }

    public EngineResult Collect(PowerShell shell, List<PSObject> output, Exception? terminating) => new()
    {
        Output = output,
        Errors = shell.Streams.Error.ToList(),
        Warnings = shell.Streams.Warning.ToList(),
        Verbose = shell.Streams.Verbose.ToList(),
        Debug = shell.Streams.Debug.ToList(),
        Information = shell.Streams.Information.ToList(),
        Progress = shell.Streams.Progress.ToList(),
        Terminating = terminating,
        HostText = Host.Text,
    };

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>Stores a secret in the test vault double (as a SecureString unless another object is given).</summary>
    public void StoreSecret(string name, object value, string? vault = null)
    {
        var secret = value is string text ? Secure(text) : value;
        var result = Run(vault is null ? "Set-Secret -Name $n -Secret $s" : "Set-Secret -Name $n -Secret $s -Vault $v",
            new() { ["n"] = name, ["s"] = secret, ["v"] = vault });
        if (result.Terminating is not null || result.Errors.Count > 0) throw new InvalidOperationException("Set-Secret failed");
    }

    /// <summary>
    /// Stores the key as PartooApiKey in the default test vault and connects to the simulator, with
    /// short retry delays so fault tests stay quick (more Connect-Partoo parameters may be added).
    /// </summary>
    public EngineResult Connect(PartooSimulator simulator, string? key = null, string parameters = "")
    {
        StoreSecret("PartooApiKey", key ?? simulator.CallerKey);
        var result = Run($"Connect-Partoo -BaseUri $uri -RetryBaseDelaySec 0.01 {parameters}", new() { ["uri"] = simulator.BaseUri });
        if (result.Terminating is not null || result.Errors.Count > 0)
            throw new InvalidOperationException("Connect-Partoo failed: " + (result.Terminating?.Message ?? result.Errors[0].ToString()));
        return result;
    }

    public void Dispose() => Runspace.Dispose();
}
