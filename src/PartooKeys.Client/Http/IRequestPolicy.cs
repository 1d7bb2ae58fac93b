using System;
using System.Threading;
using System.Threading.Tasks;

namespace PartooKeys.Http;

/// <summary>
/// How the client runs the attempts of one request: throttling and retries. The implementation
/// (PartooKeys.Resilience, over Polly) lives apart so its dependencies can be isolated.
/// </summary>
public interface IRequestPolicy : IDisposable
{
    /// <param name="attempt">One attempt; throws PartooApiException on failure.</param>
    /// <param name="idempotent">False for a request that must not be repeated once it may have reached Partoo.</param>
    Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, bool idempotent, CancellationToken cancellationToken);
}
