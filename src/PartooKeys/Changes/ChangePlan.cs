using System.Collections.Generic;

namespace PartooKeys.Changes;

/// <summary>What Set-PartooApiKey does to one key: the body to send (null: nothing), its words for -WhatIf/-Confirm, and what to tell the user.</summary>
internal sealed class ChangePlan
{
    public ChangePlan(ApiKey key, ApiKeyChanges? body, IReadOnlyList<string> changes, IReadOnlyList<string> widening,
        IReadOnlyList<string> warnings, IReadOnlyList<string> notes, bool liftsIpRestriction)
    {
        Key = key;
        Body = body;
        Changes = changes;
        Widening = widening;
        Warnings = warnings;
        Notes = notes;
        LiftsIpRestriction = liftsIpRestriction;
    }

    /// <summary>The key as read, the plan's starting point.</summary>
    public ApiKey Key { get; }

    /// <summary>The fields to send; null when the key is already as asked (nothing is sent).</summary>
    public ApiKeyChanges? Body { get; }

    /// <summary>Each change in words: "set label to 'x'", "add permissions review_reply".</summary>
    public IReadOnlyList<string> Changes { get; }

    /// <summary>How the change widens the key's access (asked about unless -Force); empty when it does not.</summary>
    public IReadOnlyList<string> Widening { get; }

    /// <summary>Warnings written in the key's place (with -WhatIf too).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Verbose lines: what was already as asked.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The change empties the IP whitelist of a key that had one: it can then be used from any address.</summary>
    public bool LiftsIpRestriction { get; }

    /// <summary>The ShouldProcess target: API key 1002 'CRM sync'.</summary>
    public string Target => ChangeText.Key(Key);

    /// <summary>The ShouldProcess action: "Set label to 'x'; add permissions review_reply".</summary>
    public string Action => ChangeText.Join(Changes);

    /// <summary>The ShouldContinue question before a widening change; null when there is none.</summary>
    public string? Question => Widening.Count == 0 ? null : $"{Target}: this will {string.Join(" and ", Widening)}. Widen its access?";
}
