using System.Management.Automation;

namespace PartooKeys.Tests.Infrastructure;

/// <summary>Events on a running command's output, to wait on instead of polling.</summary>
public static class Outputs
{
    /// <summary>Completes once the collection holds at least <paramref name="count"/> items.</summary>
    public static Task WhenCount<T>(this PSDataCollection<T> output, int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        output.DataAdded += (_, _) => { if (output.Count >= count) reached.TrySetResult(); };
        if (output.Count >= count) reached.TrySetResult();
        return reached.Task;
    }
}
