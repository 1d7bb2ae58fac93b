using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>
/// A request never outlives its command: when a message throws (-WarningAction Stop/Inquire-Halt on the
/// rate-limit warning), the call is cancelled and waited for; a create already sent is not abandoned,
/// so after the command stops either no key exists or its secret is in the vault.
/// </summary>
public sealed class StopDuringRequestTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30); // bounds a failing test only

    private static FaultRule RateLimitOnce() =>
        new() { Kind = FaultKind.RateLimit429, Method = "POST", PathContains = "/api_keys", MaxTimes = 1, RetryAfterSeconds = 0 };

    /// <summary>Exactly one key with that label exists, and the vault holds its secret.</summary>
    private static void AssertOneKeyWithItsSecretStored(SimulatorSession session, string label, string secretName)
    {
        var created = Assert.Single(session.Simulator.Keys, k => k.Label == label); // sent once, not abandoned
        var stored = session.Run($"Get-Secret -Name {secretName} -AsPlainText").Output.SingleOrDefault()?.BaseObject as string;
        Assert.True(stored == created.Secret, $"key {created.Id} was created but its secret is not in the vault");
    }

    [Fact]
    public async Task ACreateSentBeforeTheStopIsWaitedForAndItsSecretStored()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.IncludeSecretInCreateAnswer = true;
        session.Simulator.Knobs.Faults.Add(RateLimitOnce());
        var posts = 0;
        var retryArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var releaseRetry = new ManualResetEventSlim();
        session.Simulator.Knobs.Override = request =>
        {
            if (request.Method == "POST" && Interlocked.Increment(ref posts) == 2)
            {
                retryArrived.TrySetResult();
                releaseRetry.Wait(Safety);
            }
            return null;
        };
        // The warning's prompt is answered "Halt" only once the retried POST has reached Partoo: the stop comes while it is in flight.
        session.Shell.Host.ChoiceHook = choices =>
        {
            Assert.True(retryArrived.Task.Wait(Safety), "the retried POST never arrived");
            releaseRetry.Set();
            return choices.ToList().FindIndex(c => c.Label.Contains("Halt", StringComparison.Ordinal));
        };

        var result = session.Run("New-PartooApiKey -Label 'Rotated' -SecretName RotatedKey -WarningAction Inquire");

        Assert.IsType<ActionPreferenceStopException>(result.Terminating is CmdletInvocationException cie ? cie.InnerException : result.Terminating);
        var retry = session.Simulator.Requests.Where(r => r.Method == "POST").ElementAt(1);
        Assert.True(await session.Simulator.WaitForRequestsAsync(new RequestWait { Method = "POST", Count = 2, Answered = true }), "the retried POST was never answered");
        Assert.Equal(201, retry.StatusCode);
        AssertOneKeyWithItsSecretStored(session, "Rotated", "RotatedKey");
    }

    [Fact]
    public async Task WarningActionStopOnTheRateLimitWarningWaitsForTheRetryInFlightAndStoresItsSecret()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.IncludeSecretInCreateAnswer = true;
        session.Simulator.Knobs.Faults.Add(RateLimitOnce());
        // The retry is certainly in flight when the warning stops the command: the simulator holds it until released.
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Hang, Method = "POST", PathContains = "/api_keys" });

        var running = Task.Run(() => session.Run("New-PartooApiKey -Label 'Rotated' -SecretName RotatedKey -WarningAction Stop"));
        Assert.True(await session.Simulator.WaitForRequestsAsync(new RequestWait { Method = "POST", Count = 2 }), "the retried POST never arrived");
        session.Simulator.ReleaseHung();
        var result = await running.WaitAsync(Safety);

        Assert.NotNull(result.Terminating);
        // The command has ended, and with it every request it made: what the simulator holds now is final.
        Assert.All(session.Simulator.Requests, r => Assert.NotEqual(0, r.StatusCode));
        var created = Assert.Single(session.Simulator.Keys, k => k.Label == "Rotated");
        var stored = session.Run("Get-Secret -Name RotatedKey -AsPlainText").Output.SingleOrDefault()?.BaseObject as string;
        Assert.True(stored == created.Secret, $"key {created.Id} was created but its secret is not in the vault");
    }

    [Fact]
    public async Task AStopBeforeTheRetryIsSentCancelsIt()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit429, Method = "POST", MaxTimes = 1, RetryAfterSeconds = 30 });

        var result = session.Run("New-PartooApiKey -Label 'Rotated' -SecretName RotatedKey -WarningAction Stop");

        // Ended by the warning, the command waited for its call, which was cancelled during the 30 s wait: nothing more is sent.
        Assert.NotNull(result.Terminating);
        Assert.Single(session.Simulator.Requests, r => r.Method == "POST");
        Assert.DoesNotContain(session.Simulator.Keys, k => k.Label == "Rotated");
    }
}
