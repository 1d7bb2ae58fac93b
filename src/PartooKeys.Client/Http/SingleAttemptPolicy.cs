using System;
using System.Threading;
using System.Threading.Tasks;

namespace PartooKeys.Http;

/// <summary>One attempt, no throttling: what a client without a policy does.</summary>
public sealed class SingleAttemptPolicy : IRequestPolicy
{
    public Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, bool idempotent, CancellationToken cancellationToken) =>
        attempt(cancellationToken);

    public void Dispose() { }
}
