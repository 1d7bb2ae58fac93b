using System.Management.Automation;
using System.Reflection;
using PartooKeys.Bulk;
using PartooKeys.Commands;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// Issue 19: the base owns the lifecycle, so a cmdlet that forgets a call cannot lose output. Set and Revoke own
/// their write queue (WriteQueue) by composition; the base finishes it at EndProcessing after the cmdlet's End
/// hook, so writes still in flight when the input ends are written, in input order, without any call of the cmdlet.
/// </summary>
public sealed class CmdletLifecycleTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30); // bounds a failing test only
    private static readonly int[] Ids = [1002, 1003, 1008, 1009];

    private static string Describe(PSObject item) => item.BaseObject switch
    {
        ApiKey key => "key " + key.Id,
        ErrorRecord error => "error " + error.TargetObject switch { ApiKey k => k.Id, var other => other },
        var other => "other " + other,
    };

    /// <summary>
    /// The first write is answered only once the input has ended (the upstream script block signals after its last
    /// key): every write is then still in flight when the last ProcessRecord returns, and nothing hands any back
    /// before EndProcessing. The base's end, not the cmdlet, writes each outcome, in input order.
    /// </summary>
    private static async Task<EngineResult> RunWithWritesInFlightAtTheEnd(string command, Func<RecordedRequest, bool> isFirstWrite)
    {
        await using var session = await SimulatorSession.StartAsync(connectParameters: "-MaxConcurrency 4");
        session.Run("$keys = Get-PartooApiKey -Id 1002, 1003, 1008, 1009");
        session.Simulator.Knobs.ForbiddenIds.Add(1008);
        using var inputEnded = new ManualResetEventSlim();
        var heldUntilTheEnd = false;
        session.Simulator.Knobs.Override = request =>
        {
            if (isFirstWrite(request)) heldUntilTheEnd = inputEnded.Wait(Safety);
            return null;
        };

        var result = session.Run($"& {{ $keys; $inputEnded.Set() }} | {command} 2>&1", new() { ["inputEnded"] = inputEnded });

        Assert.True(heldUntilTheEnd, "the first write was answered before the input ended");
        Assert.Null(result.Terminating);
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("was stopped", StringComparison.Ordinal));
        return result;
    }

    [Fact]
    public async Task ASetWhoseWritesAreStillInFlightAtTheEndWritesEveryResultInInputOrder()
    {
        var result = await RunWithWritesInFlightAtTheEnd("Set-PartooApiKey -Label 'Renamed' -PassThru -Confirm:$false",
            r => r.Method == "PUT" && r.Path.EndsWith("/api_keys/1002", StringComparison.Ordinal));

        Assert.Equal(["key 1002", "key 1003", "error 1008", "key 1009"], result.Output.Select(Describe));
        Assert.All(result.Objects<ApiKey>(), k => Assert.Equal("Renamed", k.Label));
    }

    [Fact]
    public async Task ARevokeWhoseWritesAreStillInFlightAtTheEndWritesEveryResultInInputOrder()
    {
        var result = await RunWithWritesInFlightAtTheEnd("Revoke-PartooApiKey -PassThru -Confirm:$false",
            r => r.Method == "POST" && r.Path.EndsWith("/revoke/1002", StringComparison.Ordinal));

        Assert.Equal(["key 1002", "key 1003", "error 1008", "key 1009"], result.Output.Select(Describe));
        Assert.All(result.Objects<ApiKey>(), k => Assert.True(k.Disabled));
    }

    /// <summary>
    /// A cmdlet that owns a write queue and never finishes it (no End, no Finish): its outcomes are still all
    /// written, in input order. End's own output comes before them; through the queue (InOrder) it keeps its place after them.
    /// </summary>
    [Theory]
    [InlineData(EndMarker.None, new[] { "1002", "1003", "error 1008", "1009" })]
    [InlineData(EndMarker.Directly, new[] { "end", "1002", "1003", "error 1008", "1009" })]
    [InlineData(EndMarker.InOrder, new[] { "1002", "1003", "error 1008", "1009", "end" })]
    public async Task ACmdletThatNeverFinishesItsQueueLosesNoOutput(EndMarker endMarker, string[] expected)
    {
        await using var session = await SimulatorSession.StartAsync(connectParameters: "-MaxConcurrency 4");
        session.Run("$keys = Get-PartooApiKey -Id 1002, 1003, 1008, 1009");
        session.Simulator.Knobs.ForbiddenIds.Add(1008);
        session.Simulator.ClearRequests();
        using var inputEnded = new ManualResetEventSlim();
        var heldUntilTheEnd = false;
        session.Simulator.Knobs.Override = request =>
        {
            if (request.Method == "GET" && request.Path.EndsWith("/api_keys/1002", StringComparison.Ordinal)) heldUntilTheEnd = inputEnded.Wait(Safety);
            return null;
        };

        // The test cmdlet is not public (its base would have to load before the module's resolver is in place), so
        // it is run by its CmdletInfo rather than imported.
        var result = session.Run("& { $keys; $inputEnded.Set() } | & $forgetful -EndMarker $endMarker 2>&1", new()
        {
            ["inputEnded"] = inputEnded,
            ["forgetful"] = new CmdletInfo("Invoke-ForgetfulWrite", typeof(InvokeForgetfulWriteCommand)),
            ["endMarker"] = endMarker,
        });

        Assert.True(heldUntilTheEnd, "the first write was answered before the input ended");
        Assert.Null(result.Terminating);
        Assert.Empty(result.Warnings);
        Assert.Equal(expected, result.Output.Select(o => o.BaseObject switch
        {
            ErrorRecord error => "error " + error.TargetObject,
            var other => other.ToString(),
        }));
        Assert.Equal(Ids.Length, session.Simulator.Requests.Count(r => r.Method == "GET")); // each write sent once
    }

    [Fact]
    public void NoCmdletCanOverrideTheLifecycleTheBaseOwns()
    {
        var cmdlets = typeof(PartooCmdlet).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(PartooCmdlet))).ToList();
        Assert.Contains(typeof(SetPartooApiKeyCommand), cmdlets);
        foreach (var name in new[] { "BeginProcessing", "EndProcessing", "StopProcessing" })
        {
            var method = typeof(PartooCmdlet).GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic)!;
            Assert.True(method.IsFinal, $"PartooCmdlet.{name} is not sealed");
            Assert.All(cmdlets, t => Assert.Equal(typeof(PartooCmdlet), t.GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic)!.DeclaringType));
        }
        var dispose = typeof(PartooCmdlet).GetMethod(nameof(IDisposable.Dispose))!;
        Assert.True(!dispose.IsVirtual || dispose.IsFinal, "PartooCmdlet.Dispose can be overridden");
        Assert.All(cmdlets, t => Assert.Equal(typeof(PartooCmdlet), t.GetInterfaceMap(typeof(IDisposable)).TargetMethods.Single().DeclaringType));
    }

    [Fact]
    public void TheWriteQueueBelongsToTheCmdletsThatWrite()
    {
        const BindingFlags fields = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly;
        static bool HoldsWrites(Type field) =>
            field == typeof(WriteQueue) || field.IsGenericType && field.GetGenericTypeDefinition() == typeof(OrderedWriteWindow<,>);

        Assert.DoesNotContain(typeof(PartooCmdlet).GetFields(fields), f => HoldsWrites(f.FieldType));
        var owners = typeof(PartooCmdlet).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PartooCmdlet)) && t.GetFields(fields).Any(f => f.FieldType == typeof(WriteQueue)))
            .Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal([nameof(RevokePartooApiKeyCommand), nameof(SetPartooApiKeyCommand)], owners);
    }
}

/// <summary>Where the End hook writes its marker: not at all, directly, or through the write queue.</summary>
public enum EndMarker { None, Directly, InOrder }

/// <summary>
/// A test cmdlet that owns a write queue and never calls anything to finish it (it has no lifecycle code at all):
/// each piped key is "written" with a read of it, and the key's id is the result.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ForgetfulWrite")]
internal sealed class InvokeForgetfulWriteCommand : PartooCmdlet
{
    private readonly WriteQueue _writes;

    public InvokeForgetfulWriteCommand() => _writes = new WriteQueue(this, "Forgetful writes");

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public ApiKey? InputObject { get; set; }

    [Parameter]
    public EndMarker EndMarker { get; set; }

    protected override void ProcessRecord()
    {
        var key = InputObject!;
        _writes.Queue(key, (client, ct) => client.GetApiKeyAsync(key.Id, false, ct),
            answer => WriteObject(answer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ex => WriteError(ex, key.Id));
    }

    protected override void End()
    {
        if (EndMarker == EndMarker.Directly) WriteObject("end");
        else if (EndMarker == EndMarker.InOrder) _writes.InOrder(null, () => WriteObject("end"));
    }
}
