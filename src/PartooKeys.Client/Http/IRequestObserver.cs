namespace PartooKeys.Http;

/// <summary>Receives what the client does, on whatever thread it happens.</summary>
public interface IRequestObserver
{
    void RequestCompleted(RequestRecord record);
    void RetryScheduled(RetryNotice notice);
    /// <summary>A request starts waiting for the rate budget.</summary>
    void WaitStarted(BudgetWait wait);
    /// <summary>The wait is still going on after <see cref="BudgetWaitTimes.Long"/>.</summary>
    void WaitLong(BudgetWait wait);
    void WaitEnded(BudgetWait wait);
}
