using System;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace PartooKeys.Commands;

/// <summary>
/// The one way PartooKeys asks before a change: ShouldProcess first (-WhatIf always wins and shows
/// the change; -Confirm asks there), then, for a change that needs it (a revocation, widening a key's
/// access), ShouldContinue with Yes / Yes to All / No / No to All, skipped by -Force or by an explicit
/// -Confirm (-Confirm already asked; -Confirm:$false says not to ask). Every text shown is escaped (DisplayText). One instance per command, so
/// "to All" answers hold for the rest of the pipeline.
/// </summary>
internal sealed class Confirmation
{
    private readonly PSCmdlet _cmdlet;
    private bool _yesToAll, _noToAll;

    public Confirmation(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    /// <returns>True to go on. False when -WhatIf, a "no", or a host that cannot ask (then <paramref name="cannotAsk"/> was called).</returns>
    public bool Approve(string target, string action, string? question, string caption, bool force, Action<Exception> cannotAsk)
    {
        if (!_cmdlet.ShouldProcess(DisplayText.Escape(target), DisplayText.Escape(action))) return false;
        if (question is null || force || _cmdlet.MyInvocation.BoundParameters.ContainsKey("Confirm")) return true;
        return Ask(() => _cmdlet.ShouldContinue(DisplayText.Escape(question), DisplayText.Escape(caption), ref _yesToAll, ref _noToAll), cannotAsk);
    }

    /// <summary>One more question (no "to All"), e.g. before revoking the session's own key.</summary>
    public bool AskAgain(string question, string caption, Action<Exception> cannotAsk) =>
        Ask(() => _cmdlet.ShouldContinue(DisplayText.Escape(question), DisplayText.Escape(caption)), cannotAsk);

    /// <summary>A host that cannot ask (a runbook, a non-interactive shell) means "not approved".</summary>
    private static bool Ask(Func<bool> question, Action<Exception> cannotAsk)
    {
        try { return question(); }
        catch (Exception ex) when (ex is HostException or PSInvalidOperationException or NotImplementedException or NotSupportedException)
        {
            cannotAsk(ex);
            return false;
        }
    }
}
