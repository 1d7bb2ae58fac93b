using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Connection objects (issue 13): -PassThru, -Connection on every cmdlet, other runspaces, two organisations, bad connections.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConnectionObjectTests
{
    private static readonly string[] CmdletsWithConnection =
        ["Get-PartooApiKey", "Get-PartooApiKeyAudit", "New-PartooApiKey", "Set-PartooApiKey", "Revoke-PartooApiKey", "Get-PartooConnection", "Disconnect-Partoo"];

    [Fact]
    public void EveryCmdletButConnectTakesAConnection()
    {
        using var shell = new PowerShellSession();
        foreach (var name in CmdletsWithConnection)
        {
            var type = shell.Run("(Get-Command $n).Parameters['Connection'].ParameterType.FullName", new() { ["n"] = name }).Output.Single().BaseObject;
            Assert.Equal("PartooKeys.PartooConnection", type);
        }
        Assert.Contains("ReturnConnection", shell.Run("(Get-Command Connect-Partoo).Parameters['PassThru'].Aliases").Output.Select(o => o.BaseObject));
    }

    [Fact]
    public async Task PassThruReturnsATypedConnectionThatShowsEverythingButTheKey()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", sim.CallerKey);
        var result = shell.Run("Connect-Partoo -BaseUri $u -ReturnConnection -MaxRequestsPerMinute 120", new() { ["u"] = sim.BaseUri });
        var connection = Assert.Single(result.Objects<PartooConnection>());
        Assert.Equal(sim.BaseUri, connection.BaseUri);
        Assert.Equal(PartooKeySource.SecretManagement, connection.KeySource);
        Assert.Equal("PartooApiKey", connection.SecretName);
        Assert.Equal(120, connection.MaxRequestsPerMinute);
        Assert.True(connection.IsConnected);
        var shown = result.Output.Single().Properties.Select(p => p.Value?.ToString() ?? "").Append(connection.ToString());
        Assert.All(shown, text => Assert.DoesNotContain(sim.CallerKey, text, StringComparison.Ordinal));
        Assert.Same(connection, shell.Run("Get-PartooConnection").Objects<PartooConnection>().Single());
    }

    [Fact]
    public async Task ConnectionOverridesTheDefaultAndAnotherRunspaceUsesItWithoutAVault()
    {
        await using var orgA = await PartooSimulator.StartAsync(SeedData.Generated(30));
        await using var orgB = await PartooSimulator.StartAsync(SeedData.Generated(45));
        using var caller = new PowerShellSession();
        caller.Connect(orgA);
        var b = caller.Run("Connect-Partoo -ApiKey $k -BaseUri $u -PassThru", new() { ["k"] = PowerShellSession.Secure(orgB.CallerKey), ["u"] = orgB.BaseUri })
            .Objects<PartooConnection>().Single();
        // Connect-Partoo -PassThru made B the default; connect A again as the default, keeping B in hand.
        caller.Connect(orgA);
        orgA.ClearRequests();

        Assert.Equal(45, caller.Run("Get-PartooApiKey -Connection $b", new() { ["b"] = b }).Objects<ApiKey>().Count());
        Assert.Empty(orgA.Requests);
        Assert.Equal(30, caller.Run("Get-PartooApiKey").Objects<ApiKey>().Count());

        // Another runspace: no connection, no secret in its vault; the connection object is enough.
        using var other = new PowerShellSession();
        orgB.ClearRequests();
        var listed = other.Run("Get-PartooApiKey -Connection $b", new() { ["b"] = b });
        Assert.Empty(listed.Errors);
        Assert.Equal(45, listed.Objects<ApiKey>().Count());
        Assert.All(orgB.Requests, r => Assert.Equal(orgB.CallerKey, r.ApiKeyHeader));
        Assert.Empty(other.Run("Get-PartooConnection").Output); // -Connection never becomes the runspace's default
    }

    [Fact]
    public async Task DisconnectWithAConnectionClosesThatOneOnly()
    {
        await using var orgA = await PartooSimulator.StartAsync();
        await using var orgB = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        var vars = new Dictionary<string, object?> { ["ka"] = PowerShellSession.Secure(orgA.CallerKey), ["ua"] = orgA.BaseUri, ["kb"] = PowerShellSession.Secure(orgB.CallerKey), ["ub"] = orgB.BaseUri };
        shell.Run("$a = Connect-Partoo -ApiKey $ka -BaseUri $ua -PassThru; $b = Connect-Partoo -ApiKey $kb -BaseUri $ub -PassThru", vars);
        shell.Run("Disconnect-Partoo -Connection $b");
        orgB.ClearRequests();

        Assert.Single(shell.Run("Get-PartooApiKey -Id 1001 -Connection $a").Objects<ApiKey>());
        var closed = shell.Run("Get-PartooApiKey -Id 1001 -Connection $b");
        var error = closed.AnyError();
        Assert.StartsWith("GetPartooApiKeyConnectionClosed", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("Connect-Partoo", error.ErrorDetails.RecommendedAction);
        Assert.Empty(orgB.Requests);
        Assert.False(shell.Run("$b.IsConnected").Objects<bool>().Single());
        Assert.True(shell.Run("$a.IsConnected").Objects<bool>().Single());
    }

    [Theory]
    [InlineData("'not a connection'", "System.String")]
    [InlineData("$null", "-Connection is null")]
    [InlineData("([System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($c)))", "deserialized")]
    public async Task ABadConnectionIsRefusedAndNothingIsSent(string connection, string expected)
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Run("$c = Get-PartooConnection");
        session.Simulator.ClearRequests();
        var error = session.Run($"Get-PartooApiKey -Connection {connection}").AnyError();
        Assert.Contains(expected, error.ToString());
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Empty(session.Simulator.Requests);
    }

    [Fact]
    public async Task RunspacePoolListsExactlyThroughOneConnection()
    {
        await using var sim = await PartooSimulator.StartAsync(SeedData.Generated(250));
        using var caller = new PowerShellSession();
        var connection = caller.Connect(sim, parameters: "-PassThru").Objects<PartooConnection>().Single();
        sim.ClearRequests();

        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(Paths.ModuleManifest);
        using var pool = RunspaceFactory.CreateRunspacePool(1, 8, iss, new RecordingHost());
        pool.Open();
        var shells = Enumerable.Range(0, 8).Select(_ =>
        {
            var ps = PowerShell.Create();
            ps.RunspacePool = pool;
            ps.AddScript("param($c) (Get-PartooApiKey -Connection $c).Id").AddArgument(connection);
            return ps;
        }).ToList();
        var running = shells.Select(ps => (Shell: ps, Result: ps.BeginInvoke())).ToList();
        foreach (var (ps, result) in running)
        {
            var ids = ps.EndInvoke(result).Select(o => (int)o.BaseObject).ToList();
            Assert.Empty(ps.Streams.Error);
            Assert.Equal(250, ids.Count);
            Assert.Equal(250, ids.Distinct().Count());
            ps.Dispose();
        }
        Assert.All(sim.Requests, r => Assert.Equal(sim.CallerKey, r.ApiKeyHeader));
    }

    [Fact]
    public async Task CredentialPasswordIsTheKey()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        var credential = new PSCredential("automation", PowerShellSession.Secure(sim.CallerKey));
        var result = shell.Run("Connect-Partoo -Credential $cred -BaseUri $u -PassThru -Verbose; Get-PartooApiKey -Id 1001", new() { ["cred"] = credential, ["u"] = sim.BaseUri });
        Assert.Empty(result.Errors);
        Assert.Equal(PartooKeySource.CredentialParameter, result.Objects<PartooConnection>().Single().KeySource);
        Assert.Equal(sim.CallerKey, Assert.Single(sim.Requests).ApiKeyHeader);
        Assert.DoesNotContain(sim.CallerKey, result.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void ACredentialWithAnEmptyPasswordIsRefused()
    {
        using var shell = new PowerShellSession();
        var credential = new PSCredential("automation", PowerShellSession.Secure("  "));
        var error = shell.Run("Connect-Partoo -Credential $cred -BaseUri http://127.0.0.1:9/v2", new() { ["cred"] = credential }).AnyError();
        Assert.StartsWith("ConnectPartooCredentialEmpty", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Empty(shell.Run("Get-PartooConnection").Output);
    }

    [Fact]
    public void SandboxIsPartoosCurrentAddressAndTheOldOneIsNamedInHelp()
    {
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", "k");
        var connection = shell.Run("Connect-Partoo -Environment Sandbox -PassThru").Objects<PartooConnection>().Single();
        Assert.Equal(new Uri("https://api.sandbox.partoo.co/v2/"), connection.BaseUri);
        var legacy = shell.Run("Connect-Partoo -BaseUri https://sandbox.api.partoo.co/v2 -PassThru").Objects<PartooConnection>().Single();
        Assert.Equal(new Uri("https://sandbox.api.partoo.co/v2/"), legacy.BaseUri);
        var help = File.ReadAllText(Path.Combine(Paths.ModuleFolder, "en-US", "PartooKeys.dll-Help.xml"));
        Assert.Contains("https://sandbox.api.partoo.co/v2", help);
    }

    [Fact]
    public async Task ImportsWithoutSecretManagementAndAVaultUseSaysNotInstalled()
    {
        await using var sim = await PartooSimulator.StartAsync();
        var (exitCode, output) = RunWithoutSecretManagement($$"""
            "available:" + @(Get-Module Microsoft.PowerShell.SecretManagement -ListAvailable).Count
            try { Connect-Partoo -ErrorAction Stop } catch { "id:" + $_.FullyQualifiedErrorId; "category:" + $_.CategoryInfo.Category; "action:" + $_.ErrorDetails.RecommendedAction }
            Connect-Partoo -ApiKey ([System.Net.NetworkCredential]::new('', '{{sim.CallerKey}}').SecurePassword) -BaseUri '{{sim.BaseUri}}'
            "key:" + (Get-PartooApiKey -Id 1001).Id
            """);
        Assert.True(exitCode == 0, output);
        Assert.Contains("available:0", output);
        Assert.Contains("id:ConnectPartooSecretManagementNotInstalled", output);
        Assert.Contains("category:NotInstalled", output);
        Assert.Contains("Install-Module Microsoft.PowerShell.SecretManagement", output);
        Assert.Contains("-ApiKey", output);
        Assert.Contains("key:1001", output);
    }

    /// <summary>The module imported in a fresh process whose PSModulePath has no SecretManagement at all.</summary>
    private static (int ExitCode, string Output) RunWithoutSecretManagement(string script)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var checker = Path.Combine(Paths.RepoRoot, "tests", "PartooKeys.ImportCheck", "bin", configuration, "net10.0", "PartooKeys.ImportCheck.dll");
        Assert.True(File.Exists(checker), $"{checker} is missing: build the solution");
        var empty = Directory.CreateTempSubdirectory("no-secretmanagement-").FullName;
        try
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["PSModulePath"] = empty;
            foreach (var argument in new[] { checker, Paths.ModuleManifest, empty, script }) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "the clean process did not finish");
            return (process.ExitCode, output.Result + errors.Result);
        }
        finally { Directory.Delete(empty, recursive: true); }
    }
}
