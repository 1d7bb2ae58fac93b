using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using PartooKeys.Connection;
using PartooKeys.Errors;
using PartooKeys.Validation;

namespace PartooKeys.Commands;

/// <summary>Revokes Partoo API keys; an already revoked key is a warning, the session's own key is asked about twice.</summary>
[Cmdlet(VerbsSecurity.Revoke, "PartooApiKey", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ApiKey))]
public sealed class RevokePartooApiKeyCommand : PartooCmdlet
{
    private const string IdSet = "Id";
    private const string InputObjectSet = "InputObject";

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

    private void Revoke(int id, ApiKey? given)
    {
        try { ApiKeyInput.Id(id); }
        catch (PartooCmdletException ex) { InOrder(null, () => WriteError(ex)); return; }

        ApiKey key;
        try { key = given is not null ? RecordForCompletion(given) : ReadKey(id, includeAllPermissions: false); }
        catch (PartooApiException ex) { InOrder(null, () => WriteError(ex, id, $"API key {id}")); return; }

        if (key.Disabled)
        {
            InOrder(key, () =>
            {
                WriteWarning($"{Describe(key)} is already revoked; nothing was sent.");
                if (PassThru) WriteKey(key);
            });
            return;
        }
        if (!Approved(Describe(key))) return;
        var ownKey = IsOwnKey(key.Id);
        if (ownKey && !Force && !ConfirmOwnKey(key)) return;
        if (ownKey) FinishWrites(); // what is in flight goes out before the session's own key stops working

        QueueWrite(key, async (client, ct) =>
            {
                await client.RevokeApiKeyAsync(key.Id, ct).ConfigureAwait(false);
                return true;
            },
            _ =>
            {
                if (ownKey)
                    WriteWarning($"{Describe(key)} was the key this session is connected with: Partoo will refuse this session's next requests. Run Connect-Partoo with another key.");
                else WritePassThru(key);
            },
            ex =>
            {
                if (!IsAlreadyRevoked(ex))
                {
                    WriteError(ex, key, Describe(key));
                    return;
                }
                WriteWarning($"{Describe(key)} is already revoked (Partoo says: {ex.ServerMessage ?? string.Join("; ", ex.FieldErrors)}).");
                WritePassThru(key);
            });
    }

    private protected override string BulkActivity => "Revoking API keys";

    /// <summary>-WhatIf wins over -Force, and -Force over -Confirm.</summary>
    private bool Approved(string target) => (Force && !WhatIfRequested) || ShouldProcess(target, "Revoke (cannot be undone)");

    private bool WhatIfRequested =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? ((SwitchParameter)whatIf).IsPresent
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

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

    private bool ConfirmOwnKey(ApiKey key)
    {
        try
        {
            return ShouldContinue(
                $"{Describe(key)} is the key this session is connected with. Once it is revoked, Partoo refuses every further request of this session until you connect with another key. Revoke it anyway?",
                "Revoke the key this session uses");
        }
        catch (Exception ex) when (ex is HostException or PSInvalidOperationException)
        {
            WriteError(new PartooCmdletException("OwnKeyNotConfirmed", ErrorCategory.OperationStopped,
                $"{Describe(key)} is the key this session is connected with, and the host cannot ask whether to revoke it; it was not revoked.",
                "Run the command again with -Force to revoke the session's own key without asking.", key, ex));
            return false;
        }
    }

    private void WritePassThru(ApiKey key)
    {
        if (!PassThru) return;
        try { WriteKey(ReadKey(key.Id, includeAllPermissions: true)); }
        catch (PartooApiException ex) { WriteError(ex, key, Describe(key)); }
    }

    private static bool IsAlreadyRevoked(PartooApiException ex) =>
        ex.StatusCode == 400 && new[] { ex.ServerMessage }.Concat(ex.FieldErrors).Any(m => m?.IndexOf("already", StringComparison.OrdinalIgnoreCase) >= 0);
}
