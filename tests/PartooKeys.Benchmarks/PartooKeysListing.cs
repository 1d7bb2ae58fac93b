using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace PartooKeys.Benchmarks;

/// <summary>
/// Get-PartooApiKey in the hosted engine, with the module imported from out/PartooKeys. Its output goes to a
/// PSDataCollection that counts each object as it is added and then empties itself, so nothing is collected into a list.
/// </summary>
public sealed class PartooKeysListing : IListingMethod, IDisposable
{
    private readonly Uri _baseUri;
    private readonly Runspace _runspace;
    private readonly int _maxConcurrency;

    /// <remarks>The child put the SecretManagement test double first on PSModulePath: the manifest's RequiredModules needs it.</remarks>
    public PartooKeysListing(Uri baseUri, string key, string manifest, int maxConcurrency = Orchestrator.DefaultMaxConcurrency)
    {
        _baseUri = baseUri;
        _maxConcurrency = maxConcurrency;
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        Invoke("Import-Module $args[0] -ErrorAction Stop", manifest);
        Invoke("Set-Secret -Name PartooApiKey -Secret ([System.Net.NetworkCredential]::new('', $args[0]).SecurePassword)", key);
        var hasMaxConcurrency = Invoke("(Get-Command Connect-Partoo).Parameters.ContainsKey('MaxConcurrency')");
        HasMaxConcurrency = hasMaxConcurrency.Count == 1 && hasMaxConcurrency[0].BaseObject is true;
        Note = HasMaxConcurrency ? $"Connect-Partoo -MaxConcurrency {maxConcurrency}" + (maxConcurrency == Orchestrator.DefaultMaxConcurrency ? " (the default)" : "") : "Connect-Partoo has no -MaxConcurrency at this commit";
    }

    public bool HasMaxConcurrency { get; }
    public string Note { get; }

    /// <summary>
    /// A fresh Connect-Partoo before every run: each listing starts with the default client-side budget of 300
    /// requests a minute, as a user's first listing in a session does (the runs together would exceed it).
    /// </summary>
    public Task PrepareAsync()
    {
        Invoke(HasMaxConcurrency ? $"Disconnect-Partoo; Connect-Partoo -BaseUri $args[0] -MaxConcurrency {_maxConcurrency}" : "Connect-Partoo -BaseUri $args[0]", _baseUri);
        return Task.CompletedTask;
    }

    public Task<(long Count, TimeSpan FirstObject)> RunAsync(Stopwatch clock)
    {
        long count = 0;
        long firstTicks = 0;
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddCommand("Get-PartooApiKey");
        using var sink = new PSDataCollection<PSObject>();
        sink.DataAdding += (_, _) =>
        {
            if (count++ == 0) firstTicks = clock.Elapsed.Ticks;
        };
        sink.DataAdded += (_, _) => sink.Clear();
        shell.Invoke<PSObject, PSObject>(null, sink, new PSInvocationSettings());
        if (shell.Streams.Error.Count > 0) throw new BenchmarkException("Get-PartooApiKey wrote an error: " + shell.Streams.Error[0]);
        return Task.FromResult((count, TimeSpan.FromTicks(firstTicks)));
    }

    private PSDataCollection<PSObject> Invoke(string script, object? argument = null)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        if (argument is not null) shell.AddArgument(argument);
        try
        {
            var output = new PSDataCollection<PSObject>();
            shell.Invoke<PSObject, PSObject>(null, output, new PSInvocationSettings());
            if (shell.Streams.Error.Count > 0) throw new BenchmarkException($"'{script}' failed: {shell.Streams.Error[0]}");
            return output;
        }
        catch (RuntimeException ex)
        {
            throw new BenchmarkException($"'{script}' failed: {ex.Message}");
        }
    }

    public void Dispose() => _runspace.Dispose();
}
