namespace PartooKeys.Simulator;

/// <summary>Ready-made key sets. Dates are relative to today (UTC) so tests hold on any day.</summary>
public static class SeedData
{
    /// <summary>
    /// Marks the caller key (the one tests authenticate with) in a seed: each simulator gives that key a secret of its
    /// own, this text and a random suffix (see <see cref="PartooSimulator.CallerKey"/>).
    /// </summary>
    public const string CallerSecret = "sim-caller-key-0001";

    private const string AutomationUser = "5d1f0a9e3c2b4a6f8e7d0c1b";
    private const string AliceUser = "5e2a7c4b9d1f3e5a7c9b0d2e";
    private const string BobUser = "5f3b8d5c0e2a4f6b8d0c1e3f";
    private const string OrgUser = "60a4c9e6d1f3b5a7c9e1d2f4";
    private const string ManagerUser = "61b5d0f7e2a4c6b8d0f2e3a5";
    private const string PublisherUser = "62c6e1a8f3b5d7c9e1a3f4b6";

    private static readonly string[] AllPermissions = KnownPermissions.All.ToArray();

    /// <summary>
    /// 16 keys, ids 1001..1016, covering every kind of key:
    /// 1001 caller (active bot, ORG_ADMIN, Secret = <see cref="CallerSecret"/>), 1002 active user key
    /// (restricted, expires in 90 days), 1003 org integration key (UserName null), 1004/1005 revoked
    /// (bot/user), 1006/1007 expired not revoked (bot/user), 1008 expires in 10 days, 1009 no expiration,
    /// 1010 ip_whitelist (IPv4, CIDR, IPv6 CIDR), 1011/1012 restricted with dormant permissions,
    /// 1013 UserType null (restricted, holds the retired name review_export_legacy that the permission
    /// catalogue lacks), 1012 holds user_edit without its dependency user_read, 1014 OmitDescription, 1015 never used, 1016 PUBLISHER expiring tomorrow.
    /// Every key's Secret is "sim-secret-&lt;id&gt;" except 1001.
    /// </summary>
    public static List<SimKey> Standard()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.Date);
        var keys = new List<SimKey>
        {
            new()
            {
                Id = 1001, Label = "Automation", Description = "Key used by the PartooKeys tests",
                UserId = AutomationUser, UserName = "Automation Bot", UserRole = "ORG_ADMIN", UserType = "bot",
                LastUsedAt = "2024-03-01 09:00:00+02", CreatedAt = "2019-08-22 11:46:38.914467+00",
                Permissions = All(), UserPermissions = All(),
            },
            new()
            {
                Id = 1002, Label = "CRM sync", Description = "Pushes opening hours from the CRM",
                UserId = AliceUser, UserName = "Alice Martin", UserRole = "ORG_MANAGER", UserType = "user",
                ExpirationDate = today.AddDays(90), LastUsedAt = "2024-03-01 09:00:00.5+05:30",
                CreatedAt = "2023-12-31 23:59:59-03", HasRestrictedPermissions = true,
                Permissions = L("business_edit", "business_edit_hours", "review_read"),
                UserPermissions = L("business_edit", "business_edit_name", "business_edit_hours", "review_read", "review_reply"),
            },
            new()
            {
                Id = 1003, Label = "Org integration", Description = "Organisation-wide integration key",
                UserId = OrgUser, UserName = null, UserRole = "ORG_ADMIN", UserType = "bot",
                LastUsedAt = "2019-08-22 11:46:38.914467+00", CreatedAt = "2019-08-22 11:46:38.914467+00",
                Permissions = All(), UserPermissions = All(),
            },
            new()
            {
                Id = 1004, Label = "Old importer", Description = "Replaced by the CRM sync",
                UserId = OrgUser, UserName = null, UserRole = "ORG_ADMIN", UserType = "bot", Disabled = true,
                LastUsedAt = "2023-12-31 23:59:59-03", CreatedAt = "2019-08-22 11:46:38.914467+00",
                RevokedBy = AliceUser, RevokedByName = "Alice Martin", RevokedAt = "2024-03-01 09:00:00+02",
                Permissions = All(), UserPermissions = All(),
            },
            new()
            {
                Id = 1005, Label = "Former employee", Description = "Bob's personal key",
                UserId = BobUser, UserName = "Bob Durand", UserRole = "BUSINESS_MANAGER", UserType = "user", Disabled = true,
                ExpirationDate = today.AddDays(200), LastUsedAt = "2024-03-01 09:00:00.5+05:30",
                CreatedAt = "2023-12-31 23:59:59-03",
                RevokedBy = AutomationUser, RevokedByName = "Automation Bot", RevokedAt = "2024-03-01 09:00:00.5+05:30",
                Permissions = L("review_read", "review_reply"), UserPermissions = L("review_read", "review_reply", "post_read"),
            },
            new()
            {
                Id = 1006, Label = "Expired bot", Description = "Expired a month ago",
                UserId = OrgUser, UserName = null, UserRole = "ORG_ADMIN", UserType = "bot",
                ExpirationDate = today.AddDays(-30), LastUsedAt = "2024-03-01 09:00:00+02",
                CreatedAt = "2019-08-22 11:46:38.914467+00",
                Permissions = All(), UserPermissions = All(),
            },
            new()
            {
                Id = 1007, Label = "Expired user key", Description = "Expired yesterday",
                UserId = AliceUser, UserName = "Alice Martin", UserRole = "ORG_MANAGER", UserType = "user",
                ExpirationDate = today.AddDays(-1), LastUsedAt = "2023-12-31 23:59:59-03",
                CreatedAt = "2023-12-31 23:59:59-03",
                Permissions = L("review_read"), UserPermissions = L("business_edit", "review_read", "review_reply"),
                HasRestrictedPermissions = true,
            },
            new()
            {
                Id = 1008, Label = "Expiring soon", Description = "Expires in 10 days",
                UserId = AutomationUser, UserName = "Automation Bot", UserRole = "ORG_ADMIN", UserType = "bot",
                ExpirationDate = today.AddDays(10), LastUsedAt = "2024-03-01 09:00:00+02",
                CreatedAt = "2024-03-01 09:00:00+02",
                Permissions = All(), UserPermissions = All(),
            },
            new()
            {
                Id = 1009, Label = "Reporting", Description = "Never expires",
                UserId = BobUser, UserName = "Bob Durand", UserRole = "BUSINESS_MANAGER", UserType = "user",
                ExpirationDate = null, LastUsedAt = "2019-08-22 11:46:38.914467+00",
                CreatedAt = "2019-08-22 11:46:38.914467+00",
                Permissions = L("review_read", "analytics_read"), UserPermissions = L("review_read", "analytics_read"),
            },
            new()
            {
                Id = 1010, Label = "Office only", Description = "Restricted to the office networks",
                UserId = AutomationUser, UserName = "Automation Bot", UserRole = "ORG_ADMIN", UserType = "bot",
                LastUsedAt = "2024-03-01 09:00:00.5+05:30", CreatedAt = "2024-03-01 09:00:00.5+05:30",
                IpWhitelist = L("203.0.113.7", "198.51.100.0/24", "2001:db8::/32"),
                Permissions = All(), UserPermissions = All(),
            },
            new()
            {
                Id = 1011, Label = "Dormant permissions", Description = "Stored permissions its user lost",
                UserId = ManagerUser, UserName = "Chloe Bernard", UserRole = "GROUP_MANAGER", UserType = "user",
                ExpirationDate = today.AddDays(365), LastUsedAt = "2023-12-31 23:59:59-03",
                CreatedAt = "2023-12-31 23:59:59-03", HasRestrictedPermissions = true,
                Permissions = L("review_read", "review_reply", "post_create", "analytics_read"),
                UserPermissions = L("review_read", "post_read", "analytics_read"),
            },
            new()
            {
                Id = 1012, Label = "Dormant bot", Description = "Bot whose role was narrowed",
                UserId = OrgUser, UserName = null, UserRole = "ORG_MANAGER", UserType = "bot",
                LastUsedAt = "2024-03-01 09:00:00+02", CreatedAt = "2024-03-01 09:00:00+02",
                HasRestrictedPermissions = true,
                Permissions = L("business_edit", "business_edit_name", "business_edit_categories", "user_edit"),
                UserPermissions = L("business_edit", "business_edit_name", "user_read"),
            },
            new()
            {
                Id = 1013, Label = "Legacy key", Description = "Created before user types existed",
                UserId = BobUser, UserName = "Bob Durand", UserRole = "BUSINESS_MANAGER", UserType = null,
                LastUsedAt = "2019-08-22 11:46:38.914467+00", CreatedAt = "2019-08-22 11:46:38.914467+00",
                HasRestrictedPermissions = true,
                Permissions = L("review_read", KnownPermissions.Retired[0]), UserPermissions = L("review_read", KnownPermissions.Retired[0]),
            },
            new()
            {
                Id = 1014, Label = "Bare key", Description = "never sent", OmitDescription = true,
                UserId = AliceUser, UserName = "Alice Martin", UserRole = "ORG_MANAGER", UserType = "user",
                LastUsedAt = "2024-03-01 09:00:00+02", CreatedAt = "2024-03-01 09:00:00+02",
                Permissions = L("business_edit"), UserPermissions = L("business_edit"),
            },
            new()
            {
                Id = 1015, Label = "Never used", Description = "Created but never called",
                UserId = AutomationUser, UserName = "Automation Bot", UserRole = "ORG_ADMIN", UserType = "bot",
                ExpirationDate = today.AddDays(30), LastUsedAt = null, CreatedAt = "2024-03-01 09:00:00.5+05:30",
                Permissions = All(), UserPermissions = All(),
            },
            new()
            {
                Id = 1016, Label = "Publisher feed", Description = "Expires tomorrow",
                UserId = PublisherUser, UserName = "Listing Publisher", UserRole = "PUBLISHER", UserType = "bot",
                ExpirationDate = today.AddDays(1), LastUsedAt = "2023-12-31 23:59:59-03",
                CreatedAt = "2023-12-31 23:59:59-03",
                Permissions = L("presence_read", "business_edit"), UserPermissions = L("presence_read", "business_edit"),
            },
        };

        foreach (var key in keys)
        {
            key.Secret = key.Id == 1001 ? CallerSecret : $"sim-secret-{key.Id}";
            if (key.CreatedBy.Length == 0)
            {
                key.CreatedBy = AutomationUser;
                key.CreatedByName = "Automation Bot";
            }
        }

        return keys;
    }

    /// <summary>
    /// Exactly <paramref name="count"/> plain active, unrestricted, non-expiring keys with ids
    /// <paramref name="firstId"/> .. firstId+count-1, labels "Key 0001", "Key 0002"..., user_type
    /// alternating bot (odd label numbers) / user. The FIRST key is the caller key
    /// (Secret = <see cref="CallerSecret"/>, ORG_ADMIN); the others have Secret "sim-secret-&lt;id&gt;".
    /// </summary>
    public static List<SimKey> Generated(int count, int firstId = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var keys = new List<SimKey>(count);
        for (var i = 0; i < count; i++)
        {
            var id = firstId + i;
            var bot = i % 2 == 0;
            keys.Add(new SimKey
            {
                Id = id,
                Label = $"Key {i + 1:D4}",
                Description = $"Generated key {i + 1}",
                UserId = bot ? AutomationUser : AliceUser,
                UserName = bot ? "Automation Bot" : "Alice Martin",
                UserRole = i == 0 ? "ORG_ADMIN" : bot ? "ORG_ADMIN" : "ORG_MANAGER",
                UserType = bot ? "bot" : "user",
                LastUsedAt = "2024-03-01 09:00:00+02",
                CreatedBy = AutomationUser,
                CreatedByName = "Automation Bot",
                CreatedAt = "2019-08-22 11:46:38.914467+00",
                Permissions = All(),
                UserPermissions = All(),
                Secret = i == 0 ? CallerSecret : $"sim-secret-{id}",
            });
        }

        return keys;
    }

    private static List<string> All() => new(AllPermissions);

    private static List<string> L(params string[] items) => new(items);
}
