namespace PartooKeys.Simulator;

/// <summary>
/// Events a test waits on instead of time: a request arrived or was answered (<see cref="WaitForRequestsAsync"/>),
/// and hung requests released by the test (<see cref="ReleaseHung"/>). Control routes: <c>POST /_simulator/wait</c>
/// (<see cref="RequestWait"/> as JSON) and <c>POST /_simulator/release</c>.
/// </summary>
public sealed partial class PartooSimulator
{
    private TaskCompletionSource _requestsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _releasedBefore = long.MinValue;

    /// <summary>Answers every request a <see cref="FaultKind.Hang"/> fault holds now, as Partoo would; later ones hang again.</summary>
    public int ReleaseHung()
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            // Every request received so far is released, also one that has not reached its Hang yet.
            _releasedBefore = System.Diagnostics.Stopwatch.GetTimestamp();
            released = _release;
            _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
        lock (_gate) { return _requests.Count(r => r.StatusCode == 0); }
    }

    /// <summary>
    /// Completes when at least <see cref="RequestWait.Count"/> recorded requests match (and, with
    /// <see cref="RequestWait.Answered"/>, have an answer or were ended); false when the safety timeout passed first.
    /// </summary>
    public async Task<bool> WaitForRequestsAsync(RequestWait wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wait);
        using var safety = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        safety.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1, wait.TimeoutMs)));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_requests.Count(wait.Matches) >= wait.Count) { return true; }
                changed = _requestsChanged.Task;
            }

            try
            {
                await changed.WaitAsync(safety.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private async Task WaitForReleaseAsync(RecordedRequest record, CancellationToken ct)
    {
        Task release;
        lock (_gate)
        {
            if (record.ReceivedTimestamp <= _releasedBefore) { return; }
            release = _release.Task;
        }

        await release.WaitAsync(ct).ConfigureAwait(false);
    }

    private void PulseRequests()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _requestsChanged;
            _requestsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}

/// <summary>What <see cref="PartooSimulator.WaitForRequestsAsync"/> waits for.</summary>
public sealed class RequestWait
{
    /// <summary>How many matching requests (default 1).</summary>
    public int Count { get; set; } = 1;

    /// <summary>HTTP method (case-insensitive); null = any.</summary>
    public string? Method { get; set; }

    /// <summary>Ordinal substring of path + raw query; null = any.</summary>
    public string? PathContains { get; set; }

    /// <summary>True: only requests that were answered (a status) count. Default false: arrived is enough.</summary>
    public bool Answered { get; set; }

    /// <summary>Bounds a failing test only (default 30 s): the wait answers false then.</summary>
    public int TimeoutMs { get; set; } = 30_000;

    internal bool Matches(RecordedRequest request) =>
        (Method is null || string.Equals(Method, request.Method, StringComparison.OrdinalIgnoreCase))
        && (PathContains is null || (request.Path + request.Query).Contains(PathContains, StringComparison.Ordinal))
        && (!Answered || request.StatusCode != 0);
}
