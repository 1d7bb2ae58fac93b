namespace PartooKeys.Http;

/// <summary>Why a request waits before it is sent.</summary>
public enum BudgetWaitReason
{
    /// <summary>The client-side budget (MaxRequestsPerMinute) is spent for now.</summary>
    ClientBudget,
    /// <summary>Partoo answered 429: every user of the budget waits what Retry-After asked.</summary>
    PartooRateLimit,
}
