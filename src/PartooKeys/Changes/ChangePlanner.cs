using System;
using System.Collections.Generic;
using System.Linq;
using PartooKeys.Validation;

namespace PartooKeys.Changes;

/// <summary>
/// Set-PartooApiKey's planner, a pure function: from the key as read and the change asked, the body to send
/// (or nothing when the key is already as asked), the words of the change, how it widens the key's access,
/// and the warnings and notes to show. No cmdlet, no server, no runspace: the cmdlet binds, asks and sends.
/// </summary>
internal static class ChangePlanner
{
    /// <param name="key">The key as read.</param>
    /// <param name="request">The change asked, its values checked.</param>
    /// <param name="keyIsCurrent">The key was just read from Partoo (or within ApiKey.FreshFor): a field it shows as already
    /// asked is left out of the body. When false every asked field is sent, since the server may hold something else.</param>
    /// <param name="permissionsAreComplete">The key's permission list is its whole stored list (read with include_all_permissions).</param>
    public static ChangePlan Plan(ApiKey key, ChangeRequest request, bool keyIsCurrent, bool permissionsAreComplete)
    {
        var plan = new Builder(key, keyIsCurrent);
        if (request.Label is not null)
        {
            if (!plan.Already(string.Equals(request.Label, key.Label, StringComparison.Ordinal), $"already has the label '{key.Label}'"))
            {
                plan.Body.Label = request.Label;
                plan.Changes.Add($"set label to '{request.Label}'");
            }
        }
        if (request.Description is not null)
        {
            // An absent description (null) is unknown, not empty: only a description read says "already".
            if (!plan.Already(key.Description is not null && string.Equals(request.Description, key.Description, StringComparison.Ordinal),
                    request.Description.Length == 0 ? "already has no description" : "already has this description"))
            {
                plan.Body.Description = request.Description;
                plan.Changes.Add(request.Description.Length == 0 ? "clear the description" : $"set description to '{request.Description}'");
            }
        }
        if (request.Expiration is DateTime date)
        {
            if (!plan.Already(key.ExpirationDate?.Date == date.Date, "already expires on " + ChangeText.Day(date)))
            {
                plan.Body.ExpirationDate = date;
                plan.Changes.Add("set expiration date to " + ChangeText.Day(date));
            }
        }
        if (request.NoExpiration)
        {
            if (!plan.Already(key.ExpirationDate is null, "already has no expiration date"))
            {
                plan.Body.ExpirationDate = null;
                plan.Changes.Add("remove the expiration date");
            }
        }
        if (request.IpWhitelist is not null)
        {
            if (!plan.Already(SameEntries(key.IpWhitelist, request.IpWhitelist, ApiKeyInput.Canonical),
                    request.IpWhitelist.Count == 0 ? "already has no IP whitelist" : "already has the IP whitelist " + ChangeText.Names(request.IpWhitelist)))
            {
                plan.Body.IpWhitelist = request.IpWhitelist;
                plan.Changes.Add(request.IpWhitelist.Count == 0 ? "lift the IP restriction (empty IP whitelist)" : "set IP whitelist to " + ChangeText.Names(request.IpWhitelist));
            }
        }
        else if (request.MergesIps) MergeIps(plan, request);
        var liftsIpRestriction = plan.Body.HasIpWhitelist && plan.Body.IpWhitelist!.Count == 0 && key.IpWhitelist.Count > 0;
        if (liftsIpRestriction) plan.Widening.Add("lift its IP restriction (it could be used from any address)");

        if (request.Permissions is not null)
        {
            if (!plan.Already(permissionsAreComplete && key.HasRestrictedPermissions && SameEntries(key.Permissions, request.Permissions, name => name),
                    "already has exactly the permissions " + ChangeText.Names(request.Permissions)))
            {
                plan.Body.Restrict(request.Permissions);
                plan.Changes.Add("restrict permissions to " + ChangeText.Names(request.Permissions));
            }
        }
        else if (request.Unrestricted)
        {
            if (!plan.Already(!key.HasRestrictedPermissions, "is already unrestricted (it has every permission of its user)"))
            {
                plan.Body.Unrestrict();
                plan.Changes.Add("give the key every permission of its user (unrestricted)");
                if (key.HasRestrictedPermissions) plan.Widening.Add("give it every permission of its user (unrestricted)");
            }
        }
        else if (request.MergesPermissions) MergePermissions(plan, request);

        if (plan.Body.IsEmpty) plan.Notes.Add($"{ChangeText.Key(key)} is already as asked; nothing was sent.");
        return new ChangePlan(key, plan.Body.IsEmpty ? null : plan.Body, plan.Changes, plan.Widening, plan.Warnings, plan.Notes, liftsIpRestriction);
    }

    private static void MergeIps(Builder plan, ChangeRequest request)
    {
        var key = plan.Key;
        var current = key.IpWhitelist.ToList();
        var addIps = request.AddIps ?? Array.Empty<string>();
        var removeIps = request.RemoveIps ?? Array.Empty<string>();
        bool On(string entry) => current.Any(c => ApiKeyInput.Canonical(c) == ApiKeyInput.Canonical(entry));
        var added = addIps.Where(ip => !On(ip)).ToList();
        var removed = current.Where(c => removeIps.Any(r => ApiKeyInput.Canonical(r) == ApiKeyInput.Canonical(c))).ToList();
        plan.Unchanged(addIps.Except(added), "already lists", removeIps.Where(ip => !On(ip)), "does not list", "IP whitelist entries");
        if (added.Count == 0 && removed.Count == 0) return;

        plan.Body.IpWhitelist = current.Except(removed).Concat(added).ToList();
        if (added.Count > 0) plan.Changes.Add("add IP whitelist entries " + ChangeText.Names(added));
        if (removed.Count > 0)
            plan.Changes.Add("remove IP whitelist entries " + ChangeText.Names(removed) + (plan.Body.IpWhitelist.Count == 0 ? " (the list becomes empty: no IP restriction)" : string.Empty));
    }

    private static void MergePermissions(Builder plan, ChangeRequest request)
    {
        var key = plan.Key;
        if (!key.HasRestrictedPermissions)
        {
            // An unrestricted key has its user's permissions, not a list of its own to merge with.
            plan.Warnings.Add($"{ChangeText.Key(key)} is unrestricted: it has every permission of its user, so -AddPermission and -RemovePermission change nothing. To restrict it, pass the full list with -Permission.");
            return;
        }
        var addPermissions = request.AddPermissions ?? Array.Empty<string>();
        var removePermissions = request.RemovePermissions ?? Array.Empty<string>();
        var current = key.Permissions.ToList();
        var added = addPermissions.Where(p => !current.Contains(p, StringComparer.Ordinal)).ToList();
        var removed = current.Where(p => removePermissions.Contains(p, StringComparer.Ordinal)).ToList();
        plan.Unchanged(addPermissions.Except(added), "already has", removePermissions.Except(current, StringComparer.Ordinal), "does not have", "permissions");
        if (added.Count == 0 && removed.Count == 0) return;

        plan.Body.Restrict(current.Except(removed, StringComparer.Ordinal).Concat(added).ToList());
        if (added.Count > 0) plan.Changes.Add("add permissions " + ChangeText.Names(added));
        if (removed.Count > 0) plan.Changes.Add("remove permissions " + ChangeText.Names(removed));
    }

    /// <summary>The same entries, in any order (compared by <paramref name="canonical"/>).</summary>
    private static bool SameEntries(IEnumerable<string> current, IEnumerable<string> asked, Func<string, string> canonical)
    {
        var have = new HashSet<string>(current.Select(canonical), StringComparer.Ordinal);
        var want = new HashSet<string>(asked.Select(canonical), StringComparer.Ordinal);
        return have.SetEquals(want);
    }

    private sealed class Builder
    {
        private readonly bool _keyIsCurrent;

        public Builder(ApiKey key, bool keyIsCurrent)
        {
            Key = key;
            _keyIsCurrent = keyIsCurrent;
        }

        public ApiKey Key { get; }
        public ApiKeyChanges Body { get; } = new();
        public List<string> Changes { get; } = new();
        public List<string> Widening { get; } = new();
        public List<string> Warnings { get; } = new();
        public List<string> Notes { get; } = new();

        /// <summary>True (and noted) when the key as read already is as asked and can be trusted to say so.</summary>
        public bool Already(bool asAsked, string what)
        {
            if (!asAsked || !_keyIsCurrent) return false;
            Notes.Add($"{ChangeText.Key(Key)} {what}.");
            return true;
        }

        public void Unchanged(IEnumerable<string> present, string presentText, IEnumerable<string> absent, string absentText, string what)
        {
            var already = present.ToList();
            var missing = absent.ToList();
            if (already.Count > 0) Notes.Add($"{ChangeText.Key(Key)} {presentText} the {what} {ChangeText.Names(already)}.");
            if (missing.Count > 0) Notes.Add($"{ChangeText.Key(Key)} {absentText} the {what} {ChangeText.Names(missing)}.");
        }
    }
}
