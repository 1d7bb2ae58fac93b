using System.Collections;
using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Vault reads serialised (issue 13): the SecretManagement double's shared store fails under
/// concurrent calls, as the real module does; PartooKeys never calls it from two threads at once.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class VaultConcurrencyTests
{
    /// <summary>Eight runspaces joined to one process-wide store (like the real module's), the key stored once.</summary>
    private static List<PowerShellSession> JoinOneStore(string key) => JoinOneStore(key, out _);

    private static List<PowerShellSession> JoinOneStore(string key, out string store)
    {
        store = "store-" + Guid.NewGuid().ToString("N");
        var sessions = Enumerable.Range(0, 8).Select(_ => new PowerShellSession()).ToList();
        foreach (var session in sessions) session.Run("Use-TestSecretStore -Name $n", new() { ["n"] = store });

        sessions[0].StoreSecret("PartooApiKey", key);
        return sessions;
    }

    /// <summary>Runs the script in every session at the same moment; the results in order.</summary>
    private static List<EngineResult> AllAtOnce(List<PowerShellSession> sessions, string script, Dictionary<string, object?> variables)
    {
        var shells = sessions.Select(s => s.Prepare(script, variables)).ToList();
        using var start = new Barrier(shells.Count);
        var tasks = shells.Select((ps, i) => Task.Run(() =>
        {
            start.SignalAndWait();
            List<PSObject> output = new();
            Exception? terminating = null;
            try { output = ps.Invoke().Where(o => o is not null).ToList(); }
            catch (RuntimeException ex) { terminating = ex; }
            return sessions[i].Collect(ps, output, terminating);
        })).ToArray();
        Task.WaitAll(tasks);
        foreach (var ps in shells) ps.Dispose();
        return tasks.Select(t => t.Result).ToList();
    }

    [Fact]
    public void TheDoubleFailsUnderConcurrentCallsAsTheRealOneDoes()
    {
        var sessions = JoinOneStore("k");
        try
        {
            var results = AllAtOnce(sessions, "Microsoft.PowerShell.SecretManagement\\Get-Secret -Name PartooApiKey", new());
            Assert.Contains(results, r => r.Errors.Any(e => e.FullyQualifiedErrorId.StartsWith("GetSecretInvalidOperation", StringComparison.Ordinal)));
        }
        finally { sessions.ForEach(s => s.Dispose()); }
    }

    [Fact]
    public async Task EightRunspacesConnectFromOneVaultAtTheSameMoment()
    {
        await using var sim = await PartooSimulator.StartAsync();
        var sessions = JoinOneStore(sim.CallerKey);
        try
        {
            var results = AllAtOnce(sessions, "Connect-Partoo -BaseUri $u -PassThru; Get-PartooApiKey -Id 1001", new() { ["u"] = sim.BaseUri });
            Assert.All(results, r =>
            {
                Assert.Null(r.Terminating);
                Assert.Empty(r.Errors);
                Assert.Equal(PartooKeySource.SecretManagement, r.Objects<PartooConnection>().Single().KeySource);
                Assert.Single(r.Objects<ApiKey>());
            });
            Assert.Equal(8, sim.Requests.Count);
        }
        finally { sessions.ForEach(s => s.Dispose()); }
    }

    [Fact]
    public void AVaultThatFailsSaysTheVaultFailedNotThatTheSecretIsMissing()
    {
        var sessions = JoinOneStore("k", out var storeName);
        try
        {
            var busy = ((Hashtable)AppDomain.CurrentDomain.GetData("TestSecretManagement.Store." + storeName)!)["Busy"]!;
            Monitor.Enter(busy); // another thread is inside the vault
            EngineResult? result = null;
            try
            {
                var other = new Thread(() => result = sessions[1].Run("Connect-Partoo -BaseUri http://127.0.0.1:9/v2"));
                other.Start();
                other.Join();
            }
            finally { Monitor.Exit(busy); }
            var error = result!.AnyError();
            Assert.StartsWith("ConnectPartooSecretReadFailed", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("vault failed", error.ToString());
            Assert.Contains("Unable to get secret PartooApiKey", error.ToString());
            Assert.DoesNotContain("Store the Partoo API key first", error.ErrorDetails.RecommendedAction);
        }
        finally { sessions.ForEach(s => s.Dispose()); }
    }
}
