using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace PartooKeys.Benchmarks;

/// <summary>What the shared-budget child says once its runspaces are open and connected.</summary>
public sealed record SharedReady(string Note);

/// <summary>One runspace's listing: objects, distinct ids, when it ended (from the start of the run), warnings, errors.</summary>
public sealed record SharedListing(int Runspace, long Count, int Distinct, double EndMs, int Warnings, string? FirstWarning, string[] Errors);

public sealed record SharedRunResult(double WallMs, SharedListing[] Listings);

/// <summary>The child side of <see cref="SharedBudgetBenchmark"/>: one connection, N runspaces listing at once.</summary>
public static class SharedBudgetChild
{
    public static void Run(Dictionary<string, string> options)
    {
        var manifest = options["manifest"];
        var perMinute = int.Parse(options["perMinute"], CultureInfo.InvariantCulture);
        var count = int.Parse(options["runspaces"], CultureInfo.InvariantCulture);

        using var home = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        home.Open();
        Invoke(home, "Import-Module $args[0] -ErrorAction Stop", manifest);
        Invoke(home, "Set-Secret -Name PartooApiKey -Secret ([System.Net.NetworkCredential]::new('', $args[0]).SecurePassword)", options["key"]);
        var connection = Invoke(home, "Connect-Partoo -BaseUri $args[0] -MaxRequestsPerMinute $args[1] -PassThru", new Uri(options["uri"]), perMinute).Single();

        var runspaces = new List<Runspace>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var state = InitialSessionState.CreateDefault2();
                state.ImportPSModule(manifest);
                var runspace = RunspaceFactory.CreateRunspace(state);
                runspace.Open();
                runspaces.Add(runspace);
            }
            var settings = Invoke(home, "'MaxRequestsPerMinute {0}, MaxConcurrency {1}' -f $args[0].MaxRequestsPerMinute, $args[0].MaxConcurrency", connection).Single();
            Protocol.Send(new SharedReady($"The connection: {settings}; the {count} runspaces received it as `-Connection` (none of them ran Connect-Partoo)."));

            if (Console.In.ReadLine() != "RUN") throw new BenchmarkException("expected RUN");
            Protocol.Send(ListAll(runspaces, connection));
            Console.In.ReadLine(); // END
        }
        finally
        {
            foreach (var runspace in runspaces) runspace.Dispose();
        }
    }

    private static SharedRunResult ListAll(List<Runspace> runspaces, PSObject connection)
    {
        var shells = new List<(PowerShell Shell, PSDataCollection<PSObject> Output, IAsyncResult Pending)>();
        var ends = new double[runspaces.Count];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runspaces.Count; i++)
        {
            var shell = PowerShell.Create();
            shell.Runspace = runspaces[i];
            shell.AddCommand("Get-PartooApiKey").AddParameter("Connection", connection);
            var output = new PSDataCollection<PSObject>();
            var index = i;
            shell.InvocationStateChanged += (_, e) =>
            {
                if (e.InvocationStateInfo.State is PSInvocationState.Completed or PSInvocationState.Failed or PSInvocationState.Stopped)
                    ends[index] = clock.Elapsed.TotalMilliseconds;
            };
            shells.Add((shell, output, shell.BeginInvoke<PSObject, PSObject>(null, output)));
        }

        var failures = new string?[shells.Count];
        for (var i = 0; i < shells.Count; i++)
        {
            try { shells[i].Shell.EndInvoke(shells[i].Pending); }
            catch (RuntimeException ex) { failures[i] = ex.Message; }
        }
        var wall = clock.Elapsed.TotalMilliseconds;

        var listings = new List<SharedListing>();
        for (var i = 0; i < shells.Count; i++)
        {
            var (shell, output, _) = shells[i];
            var errors = new List<string>();
            if (failures[i] is { } failure) errors.Add(failure);
            errors.AddRange(shell.Streams.Error.Select(e => e.ToString()));
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in output) ids.Add(Convert.ToString(item.Properties["Id"]?.Value, CultureInfo.InvariantCulture) ?? "");
            listings.Add(new SharedListing(i + 1, output.Count, ids.Count, ends[i], shell.Streams.Warning.Count, shell.Streams.Warning.FirstOrDefault()?.Message, errors.ToArray()));
            shell.Dispose();
        }
        return new SharedRunResult(wall, listings.ToArray());
    }

    private static List<PSObject> Invoke(Runspace runspace, string script, params object[] arguments)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script);
        foreach (var argument in arguments) shell.AddArgument(argument);
        try
        {
            var output = shell.Invoke().ToList();
            if (shell.Streams.Error.Count > 0) throw new BenchmarkException($"'{script}' failed: {shell.Streams.Error[0]}");
            return output;
        }
        catch (RuntimeException ex)
        {
            throw new BenchmarkException($"'{script}' failed: {ex.Message}");
        }
    }
}
