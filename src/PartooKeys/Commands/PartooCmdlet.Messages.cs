using System;
using System.Management.Automation;

namespace PartooKeys.Commands;

/// <summary>
/// Every message a PartooKeys cmdlet shows goes through here: warnings, verbose, debug, progress and the
/// What if / confirm text, with control characters shown visibly (DisplayText). A label or a server's
/// text cannot drive the terminal; the objects written keep the exact values.
/// </summary>
public abstract partial class PartooCmdlet
{
    public new void WriteWarning(string text) => base.WriteWarning(DisplayText.Escape(text));

    public new void WriteVerbose(string text) => base.WriteVerbose(DisplayText.Escape(text));

    public new void WriteDebug(string text) => base.WriteDebug(DisplayText.Escape(text));

    public new void WriteProgress(ProgressRecord progressRecord)
    {
        progressRecord.Activity = DisplayText.Escape(progressRecord.Activity);
        progressRecord.StatusDescription = DisplayText.Escape(progressRecord.StatusDescription);
        if (progressRecord.CurrentOperation is not null) progressRecord.CurrentOperation = DisplayText.Escape(progressRecord.CurrentOperation);
        base.WriteProgress(progressRecord);
    }

    public new bool ShouldProcess(string target, string action) => base.ShouldProcess(DisplayText.Escape(target), DisplayText.Escape(action));

    public new bool ShouldContinue(string query, string caption) => base.ShouldContinue(DisplayText.Escape(query), DisplayText.Escape(caption));

    public new bool ShouldContinue(string query, string caption, ref bool yesToAll, ref bool noToAll) =>
        base.ShouldContinue(DisplayText.Escape(query), DisplayText.Escape(caption), ref yesToAll, ref noToAll);

    /// <summary>A warning on a stopping pipeline: the warning stream when it still takes one, else the host.</summary>
    private protected void WriteWarningWhileStopping(string text)
    {
        try { WriteWarning(text); }
        catch (Exception)
        {
            try { Host.UI.WriteWarningLine(DisplayText.Escape(text)); }
            catch (Exception) { } // no host to tell: nothing more can be done
        }
    }
}
