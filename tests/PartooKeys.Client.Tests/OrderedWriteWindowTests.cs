using System.Security;
using PartooKeys.Bulk;
using PartooKeys.Http;
using PartooKeys.Resilience;
using PartooKeys.Simulator;

namespace PartooKeys.Client.Tests;

public sealed class OrderedWriteWindowTests
{
    /// <summary>A write the test finishes by hand.</summary>
    private sealed class Gate
    {
        private readonly TaskCompletionSource<string> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Func<CancellationToken, Task<string>> Write => async ct =>
        {
            using (ct.Register(() => _done.TrySetCanceled(ct))) return await _done.Task;
        };
        public void Succeed(string value) => _done.SetResult(value);
        public void Fail(Exception error) => _done.SetException(error);
    }

    private static List<WriteOutcome<int, string>> TakeReady(OrderedWriteWindow<int, string> window)
    {
        var taken = new List<WriteOutcome<int, string>>();
        while (window.TryTakeNext(out var outcome)) taken.Add(outcome!);
        return taken;
    }

    [Fact]
    public async Task ResultsComeBackInInputOrderWhateverOrderTheyFinishIn()
    {
        using var window = new OrderedWriteWindow<int, string>(3, CancellationToken.None);
        var gates = Enumerable.Range(0, 3).Select(_ => new Gate()).ToArray();
        for (var i = 0; i < 3; i++) window.Start(i, gates[i].Write);

        gates[2].Succeed("c");
        gates[1].Succeed("b");
        await window.WhenReadyAsync(forRoom: true);
        Assert.Empty(TakeReady(window)); // the first is still running

        gates[0].Succeed("a");
        var taken = new List<WriteOutcome<int, string>>();
        while (taken.Count < 3)
        {
            await window.WhenReadyAsync(forRoom: false);
            taken.AddRange(TakeReady(window));
        }
        Assert.Equal(["a", "b", "c"], taken.Select(o => o.Result));
        Assert.Equal([0L, 1L, 2L], taken.Select(o => o.Position));
        Assert.All(taken, o => Assert.Equal(WriteOutcomeKind.Succeeded, o.Kind));
        Assert.Equal(0, window.Held);
    }

    [Fact]
    public async Task NoMoreThanMaxInFlightRunAtOnce()
    {
        using var window = new OrderedWriteWindow<int, string>(2, CancellationToken.None);
        var gates = Enumerable.Range(0, 3).Select(_ => new Gate()).ToArray();
        window.Start(0, gates[0].Write);
        window.Start(1, gates[1].Write);
        Assert.False(window.HasRoom);
        Assert.Equal(2, window.InFlight);
        Assert.Throws<InvalidOperationException>(() => window.Start(2, gates[2].Write));

        var room = window.WhenReadyAsync(forRoom: true);
        Assert.False(room.IsCompleted);
        gates[1].Succeed("b"); // a later one finishing makes room, though it cannot be taken yet
        await room;
        Assert.True(window.HasRoom);
        Assert.Equal(1, window.InFlight);
        window.Start(2, gates[2].Write);
        Assert.Equal(3, window.Held);

        gates[0].Succeed("a");
        gates[2].Succeed("c");
        while (window.Held > 0)
        {
            await window.WhenReadyAsync(forRoom: false);
            TakeReady(window);
        }
        Assert.Equal(3, window.Finished);
    }

    [Fact]
    public async Task HeldWritesAreBoundedWhenTheFirstIsSlow()
    {
        using var window = new OrderedWriteWindow<int, string>(2, CancellationToken.None, maxHeld: 3);
        var gates = Enumerable.Range(0, 3).Select(_ => new Gate()).ToArray();
        window.Start(0, gates[0].Write);
        window.Start(1, gates[1].Write);
        gates[1].Succeed("b");
        await window.WhenReadyAsync(forRoom: true);
        window.Start(2, gates[2].Write);
        gates[2].Succeed("c");
        Assert.True(SpinWait.SpinUntil(() => window.Finished == 2, TimeSpan.FromSeconds(30)));
        Assert.False(window.TryTakeNext(out _)); // the first still runs

        Assert.Equal(1, window.InFlight);
        Assert.False(window.HasRoom); // three held: wait for the first before starting more
        var room = window.WhenReadyAsync(forRoom: true);
        gates[0].Succeed("a");
        await room;
        Assert.Equal(["a", "b", "c"], TakeReady(window).Select(o => o.Result));
        Assert.True(window.HasRoom);
    }

    [Fact]
    public async Task ErrorsComeBackInInputOrderBesideResults()
    {
        using var window = new OrderedWriteWindow<int, string>(2, CancellationToken.None);
        var gates = new[] { new Gate(), new Gate() };
        window.Start(10, gates[0].Write);
        window.Start(11, gates[1].Write);
        gates[1].Succeed("fine");
        var problem = new InvalidOperationException("boom");
        gates[0].Fail(problem);
        var taken = new List<WriteOutcome<int, string>>();
        while (taken.Count < 2)
        {
            await window.WhenReadyAsync(forRoom: false);
            taken.AddRange(TakeReady(window));
        }
        Assert.Equal([10, 11], taken.Select(o => o.Tag));
        Assert.Equal(WriteOutcomeKind.Failed, taken[0].Kind);
        Assert.Same(problem, taken[0].Error);
        Assert.Equal(WriteOutcomeKind.Succeeded, taken[1].Kind);
    }

    [Fact]
    public async Task CancelTellsFinishedSentAndUnsentWritesApart()
    {
        using var window = new OrderedWriteWindow<int, string>(3, CancellationToken.None);
        var finished = new Gate();
        var sentSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        window.Start(0, finished.Write);
        window.Start(1, async ct =>
        {
            WriteTracker.Sending("PUT"); // what the client does just before a write leaves
            sentSignal.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        window.Start(2, async ct =>
        {
            WriteTracker.Sending("GET"); // a read first: nothing changes yet
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        finished.Succeed("done");
        await sentSignal.Task;
        await window.WhenReadyAsync(forRoom: false);

        var rest = await window.CancelAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([0, 1, 2], rest.Select(o => o.Tag));
        Assert.Equal([WriteOutcomeKind.Succeeded, WriteOutcomeKind.Unknown, WriteOutcomeKind.NotSent], rest.Select(o => o.Kind));
        Assert.Equal("done", rest[0].Result);
        Assert.False(window.HasRoom);
        Assert.Throws<InvalidOperationException>(() => window.Start(3, new Gate().Write));
    }

    [Fact]
    public async Task AConnectionAbortedByTheCancelIsAnUnknownOutcomeNotAFailure()
    {
        using var window = new OrderedWriteWindow<int, string>(2, CancellationToken.None);
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        window.Start(0, async ct =>
        {
            WriteTracker.Sending("POST");
            sent.SetResult();
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException ex)
            {
                throw new PartooApiException(PartooFailure.Network, "POST", "/v2/api_keys/revoke/5", null, null, null, null, null, null, null, ex);
            }
            return "never";
        });
        window.Start(1, _ => Task.FromException<string>(new PartooApiException(PartooFailure.HttpStatus, "POST", "/v2/api_keys/revoke/6", 403, "Forbidden", null, null, null, null, null)));
        await sent.Task;

        var rest = await window.CancelAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([WriteOutcomeKind.Unknown, WriteOutcomeKind.Failed], rest.Select(o => o.Kind));
    }

    [Fact]
    public async Task TheCallersTokenCancelsTheWritesInFlight()
    {
        using var stop = new CancellationTokenSource();
        using var window = new OrderedWriteWindow<int, string>(1, stop.Token);
        window.Start(0, new Gate().Write);
        var done = window.WhenReadyAsync(forRoom: false);
        stop.Cancel();
        await done;
        Assert.True(window.TryTakeNext(out var outcome));
        Assert.Equal(WriteOutcomeKind.NotSent, outcome!.Kind);
    }

    // Through the client, against the simulator.

    private static PartooClient Client(PartooSimulator simulator, int perMinute = 300)
    {
        var options = new PartooClientOptions(simulator.BaseUri, Secure(simulator.CallerKey),
            new PartooSettings { MaxRequestsPerMinute = perMinute, RetryBaseDelaySec = 0.001 });
        options.Policy = new PartooRequestPolicy(options);
        return new PartooClient(options);
    }

    [Fact]
    public async Task CancellingRevokesTellsWhichMayHaveHappenedAndWhichWereNeverSent()
    {
        await using var simulator = await PartooSimulator.StartAsync(SeedData.Standard());
        using var client = Client(simulator, perMinute: 2); // the third revoke waits for the budget
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        simulator.Knobs.Override = request =>
        {
            if (request.Path.EndsWith("/revoke/1003", StringComparison.Ordinal)) hung.TrySetResult();
            return null;
        };
        simulator.Knobs.Faults = [new FaultRule { Kind = FaultKind.Hang, PathContains = "/revoke/1003" }];

        using var window = new OrderedWriteWindow<int, bool>(3, CancellationToken.None);
        void Revoke(int id) => window.Start(id, async ct =>
        {
            await client.RevokeApiKeyAsync(id, ct);
            return true;
        });
        Revoke(1002);
        await window.WhenReadyAsync(forRoom: false); // 1002 answered: it took the budget's first permit
        Revoke(1003);
        await hung.Task; // 1003 reached the simulator with the second
        Revoke(1008);    // so this one waits for the budget

        var rest = await window.CancelAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([1002, 1003, 1008], rest.Select(o => o.Tag));
        Assert.Equal([WriteOutcomeKind.Succeeded, WriteOutcomeKind.Unknown, WriteOutcomeKind.NotSent], rest.Select(o => o.Kind));
        Assert.True(simulator.FindKey(1002)!.Disabled);
        Assert.False(simulator.FindKey(1008)!.Disabled);
        Assert.DoesNotContain(simulator.Requests, r => r.Path.EndsWith("/revoke/1008", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACreateIsNeverRepeatedWhileAnUpdateIsRetried()
    {
        await using var simulator = await PartooSimulator.StartAsync(SeedData.Standard());
        using var client = Client(simulator);
        simulator.Knobs.Faults = [new FaultRule { Kind = FaultKind.Html503, Method = "POST", MaxTimes = 1 },
            new FaultRule { Kind = FaultKind.Html503, Method = "PUT", MaxTimes = 1 }];

        using var window = new OrderedWriteWindow<string, ApiKey>(2, CancellationToken.None);
        window.Start("create", ct => client.CreateApiKeyAsync(new ApiKeyChanges { Label = "New" }, ct));
        window.Start("update", ct => client.UpdateApiKeyAsync(1002, new ApiKeyChanges { Label = "Renamed" }, ct));
        var taken = new List<WriteOutcome<string, ApiKey>>();
        while (taken.Count < 2)
        {
            await window.WhenReadyAsync(forRoom: false);
            while (window.TryTakeNext(out var outcome)) taken.Add(outcome!);
        }

        Assert.Equal(WriteOutcomeKind.Failed, taken[0].Kind);
        Assert.Equal(503, Assert.IsType<PartooApiException>(taken[0].Error).StatusCode);
        Assert.Single(simulator.Requests, r => r.Method == "POST");
        Assert.Equal(WriteOutcomeKind.Succeeded, taken[1].Kind);
        Assert.Equal("Renamed", taken[1].Result!.Label);
        Assert.Equal(2, simulator.Requests.Count(r => r.Method == "PUT"));
    }
}
