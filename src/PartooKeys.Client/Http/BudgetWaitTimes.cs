using System;

namespace PartooKeys.Http;

/// <summary>How long a budget wait must be to be told about, and to get a warning.</summary>
public static class BudgetWaitTimes
{
    /// <summary>A wait longer than this gets a warning (once per command).</summary>
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(5);
    /// <summary>Shorter waits are not worth telling about.</summary>
    public static readonly TimeSpan Noticeable = TimeSpan.FromMilliseconds(50);
}
