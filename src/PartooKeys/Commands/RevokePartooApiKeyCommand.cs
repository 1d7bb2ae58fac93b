using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using PartooKeys.Connection;
using PartooKeys.Errors;

namespace PartooKeys.Commands;

/// <summary>
/// Revokes Partoo API keys; an already revoked key is a warning, the session's own key is asked about twice.
/// Asks before each key (ShouldContinue) unless -Force or -Confirm:$false; -Confirm asks even with -Force; -WhatIf always wins.
/// ConfirmImpact is Medium because that question, not the ConfirmImpact prompt, is the guard (no double prompt).
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "PartooApiKey", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ApiKey))]
public sealed class RevokePartooApiKeyCommand : PartooCmdlet
{
    private const string IdSet = "Id";
    private const string InputObjectSet = "InputObject";
    private readonly Confirmation _confirmation;
    private readonly WriteQueue _writes;

    public RevokePartooApiKeyCommand()
    {
        _confirmation = new Confirmation(this);
        _writes = new WriteQueue(this, "Revoking API keys");
    }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ApiKeyIdCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public ApiKey? InputObject { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet) Revoke(InputObject!.Id, InputObject);
        else foreach (var id in Id) Revoke(id, null);
    }

    /// <summary>Checks and asks (on the pipeline thread, in input order), then queues the revoke: up to MaxConcurrency in flight.</summary>
    private void Revoke(int id, ApiKey? given)
    {
        if (Plan(id, given) is ApiKey key) Send(key);
    }

    /// <summary>The key to revoke once checked and approved, or null (already revoked, declined, -WhatIf, an error written).</summary>
    private ApiKey? Plan(int id, ApiKey? given)
    {
        if (_writes.KeyToChange(id, given, includeAllPermissions: false) is not ApiKey key) return null;
        if (key.Disabled)
        {
            _writes.InOrder(key, () =>
            {
                WriteWarning($"{Describe(key)} is already revoked; nothing was sent.");
                if (PassThru) WriteKey(key);
            });
            return null;
        }
        if (!_confirmation.Approve(Describe(key), "Revoke (cannot be undone)",
                $"Revoke {Describe(key)}? Applications using it stop working, and a revoked key cannot be restored.", "Revoke an API key", Force,
                ex => _writes.InOrder(key, () => WriteError(NotConfirmed(key, ErrorReason.NotConfirmed, $"The host cannot ask whether to revoke {Describe(key)}; it was not revoked.", ex)))))
            return null;
        if (IsOwnKey(key.Id) && !Force && !ConfirmOwnKey(key)) return null;
        return key;
    }

    private void Send(ApiKey key)
    {
        var ownKey = ResolveConnection().OwnKeyIds?.Contains(key.Id) == true;
        if (ownKey) _writes.Finish(); // what is in flight goes out before the session's own key stops working
        _writes.Queue(key, (client, ct) => client.RevokeApiKeyAsync(key.Id, ct),
            outcome =>
            {
                if (outcome == RevokeOutcome.RevokedBeforeAnswerLost)
                    WriteVerbose($"The answer to the revoke of {Describe(key)} was lost; asked again, Partoo said it is already revoked: this command revoked it.");
                if (ownKey)
                    WriteWarning($"{Describe(key)} was the key this session is connected with: Partoo will refuse this session's next requests. Run Connect-Partoo with another key.");
                else WritePassThru(key);
            },
            ex =>
            {
                if (!ex.IsAlreadyRevoked)
                {
                    WriteError(ex, key, Describe(key));
                    return;
                }
                WriteWarning($"{Describe(key)} is already revoked (Partoo says: {ex.ServerMessage ?? string.Join("; ", ex.FieldErrors)}).");
                WritePassThru(key);
            });
    }

    /// <summary>Asks Partoo once per connection which key it uses (only now: a revocation is about to happen).</summary>
    private bool IsOwnKey(int id)
    {
        var connection = ResolveConnection();
        if (connection.OwnKeyIds is null)
        {
            try { connection.OwnKeyIds = Run((client, ct) => OwnKey.FindAsync(client, ct)); }
            catch (PartooApiException ex)
            {
                WriteVerbose($"Could not find out which key this session is connected with, so revoking it would not be asked about twice: {ex.Message}");
                return false;
            }
            if (connection.OwnKeyIds.Count == 0) WriteVerbose("Partoo did not say which key this session is connected with, so revoking it would not be asked about twice.");
        }
        return connection.OwnKeyIds.Contains(id);
    }

    private bool ConfirmOwnKey(ApiKey key) =>
        _confirmation.AskAgain(
            $"{Describe(key)} is the key this session is connected with. Once it is revoked, Partoo refuses every further request of this session until you connect with another key. Revoke it anyway?",
            "Revoke the key this session uses",
            ex => _writes.InOrder(key, () => WriteError(NotConfirmed(key, ErrorReason.OwnKeyNotConfirmed,
                $"{Describe(key)} is the key this session is connected with, and the host cannot ask whether to revoke it; it was not revoked.", ex))));

    private static PartooCmdletException NotConfirmed(ApiKey key, ErrorReason reason, string message, Exception ex) =>
        new(reason, message,
            "Run the command again with -Force to revoke without asking (-WhatIf shows what would be revoked).", key, ex);

    /// <summary>The key as read before (or piped), now marked revoked: no second read. RevokedAt/RevokedBy stay as they were (unknown without a read).</summary>
    private void WritePassThru(ApiKey key)
    {
        if (!PassThru) return;
        key.Disabled = true;
        WriteKey(key);
    }
}
