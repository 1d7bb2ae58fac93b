using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Completion;

namespace PartooKeys.Validation;

/// <summary>
/// The one reader of a connection's permission catalogue (GET /permissions), owned by the
/// <see cref="PartooConnection"/>: read once and kept, and a 403 remembered too, so that a key whose
/// user may not read the catalogue is not asked again on every command. Three modes: for checks and
/// audit rules (<see cref="ForChecks"/>: a failure only skips them), for Get-PartooPermission
/// (<see cref="ForListing"/>: a failure is the command's error) and for completion
/// (<see cref="ForCompletion"/>: quick, silent, <see cref="WithoutCatalogue"/> as the fallback).
/// It reports through its answer, never by writing: the caller writes the notes where they belong.
/// Thread-safe: a connection may be used from several runspaces at once.
/// </summary>
internal sealed class PermissionCatalogueReader
{
    /// <summary>Runs the request: a cmdlet's Run (its messages, Ctrl+C), or completion's quick read (null: no answer in time).</summary>
    public delegate PermissionCatalogue? Runner(Func<PartooClient, CancellationToken, Task<PermissionCatalogue>> request);

    /// <summary>What to do when Partoo refuses the catalogue (the recommended action of Get-PartooPermission's 403).</summary>
    public const string ForbiddenAdvice =
        "The connected key's user may not read GET /permissions. Key management still works: New-PartooApiKey and Set-PartooApiKey then check permission names for their form only. Connect with a key of a user allowed to list permissions (e.g. an ORG_ADMIN) to see them.";

    private volatile PermissionCatalogue? _catalogue;
    private volatile bool _forbidden;

    /// <summary>The catalogue read on this connection, or null when it was not read (yet).</summary>
    public PermissionCatalogue? Cached => _catalogue;

    /// <summary>
    /// For the checks of New/Set and the audit rules: the catalogue (kept, else read now), or null with
    /// a note saying that <paramref name="whatIsSkipped"/>: a 403 is a Verbose note (and remembered), any
    /// other failure a warning. Never throws for a failed read.
    /// </summary>
    public Answer ForChecks(Runner run, string whatIsSkipped)
    {
        if (_catalogue is { } cached) return new Answer(cached);
        if (_forbidden)
            return Answer.Skipped(Note.Verbose($"Partoo refused this connection's key to read its permission catalogue (GET /permissions answered 403 earlier): {whatIsSkipped}"));
        try { return Read(run); }
        catch (PartooApiException ex) when (ex.StatusCode == 403)
        {
            return Answer.Skipped(Note.Verbose($"Partoo refused to list the organisation's permissions (GET /permissions answered 403; the key's user may not read it): {whatIsSkipped}"));
        }
        catch (PartooApiException ex)
        {
            return Answer.Skipped(Note.Warning($"The organisation's permission catalogue could not be read ({ex.Message.TrimEnd('.')}): {whatIsSkipped}"));
        }
    }

    /// <summary>
    /// For Get-PartooPermission: the kept catalogue, or (with <paramref name="refresh"/>, or when none is
    /// kept) one read now. A failed read throws its PartooApiException (a 403 is remembered; its advice is <see cref="ForbiddenAdvice"/>).
    /// </summary>
    public Answer ForListing(Runner run, bool refresh)
    {
        if (!refresh && _catalogue is { } cached)
            return new Answer(cached, Note.Verbose($"The organisation's permission catalogue as read earlier on this connection ({cached.Count} permissions); -Refresh reads it again."));
        return Read(run);
    }

    /// <summary>For completion: the kept catalogue, else one read by <paramref name="quickly"/>; null on a 403, a failure or no answer in time.</summary>
    public PermissionCatalogue? ForCompletion(Runner quickly)
    {
        if (_catalogue is { } cached) return cached;
        if (_forbidden) return null;
        try { return Read(quickly).Catalogue; }
        catch (Exception) { return null; } // completion offers the fallback; the next Tab tries again
    }

    /// <summary>The names completion offers without a catalogue: those Partoo documents, and those seen on the connection's keys.</summary>
    public static IEnumerable<string> WithoutCatalogue(IEnumerable<string> seen) =>
        KnownPermissions.Documented.Concat(seen).Distinct(StringComparer.Ordinal);

    private Answer Read(Runner run)
    {
        PermissionCatalogue? catalogue;
        try { catalogue = run((client, ct) => client.GetPermissionsAsync(ct)); }
        catch (PartooApiException ex) when (ex.StatusCode == 403)
        {
            _catalogue = null;
            _forbidden = true;
            throw;
        }
        if (catalogue is null) return Answer.Skipped(null);
        _forbidden = false;
        _catalogue = catalogue;
        return new Answer(catalogue, Note.Verbose($"Read the organisation's permission catalogue: {catalogue.Count} permissions, kept with the connection."));
    }

    /// <summary>The reader's answer: the catalogue (null when it cannot be had) and what to tell the user about it.</summary>
    public readonly struct Answer
    {
        public Answer(PermissionCatalogue? catalogue, Note? note = null)
        {
            Catalogue = catalogue;
            Note = note;
        }

        public static Answer Skipped(Note? note) => new(null, note);

        public PermissionCatalogue? Catalogue { get; }
        public Note? Note { get; }
    }

    /// <summary>A line for the Verbose or the warning stream.</summary>
    public sealed class Note
    {
        private Note(bool isWarning, string text)
        {
            IsWarning = isWarning;
            Text = text;
        }

        public static Note Verbose(string text) => new(false, text);
        public static Note Warning(string text) => new(true, text);

        public bool IsWarning { get; }
        public string Text { get; }
    }
}
