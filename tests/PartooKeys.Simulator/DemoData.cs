namespace PartooKeys.Simulator;

/// <summary>
/// Demo keys for <c>build.ps1 -Task Demo</c>: an organisation's key estate with the hygiene problems
/// the audit finds (unrestricted, no expiration, expiring soon, no IP whitelist, unused, dormant
/// permissions), some revoked and some expired. Deterministic; dates relative to today (UTC).
/// Key 1 is the caller (Secret = <see cref="SeedData.CallerSecret"/>).
/// </summary>
public static class DemoData
{
    private static readonly string[] Integrations =
    {
        "Store locator", "CRM sync", "Review responder", "Opening hours feed", "BI export", "POS hours sync",
        "Agency dashboard", "Chatbot", "Data warehouse", "Intern script", "Marketing site", "Franchise portal",
    };

    private static readonly string[] Places =
    {
        "Paris", "Lyon", "Marseille", "Lille", "Bordeaux", "Nantes", "Madrid", "Milan", "Berlin", "Brussels",
    };

    private static readonly (string Id, string? Name, string Role, string Type)[] Users =
    {
        ("5d1f0a9e3c2b4a6f8e7d0c1b", "Automation Bot", "ORG_ADMIN", "bot"),
        ("60a4c9e6d1f3b5a7c9e1d2f4", null, "ORG_ADMIN", "bot"),
        ("5e2a7c4b9d1f3e5a7c9b0d2e", "Alice Martin", "ORG_MANAGER", "user"),
        ("5f3b8d5c0e2a4f6b8d0c1e3f", "Bob Durand", "BUSINESS_MANAGER", "user"),
        ("61b5d0f7e2a4c6b8d0f2e3a5", "Chloe Bernard", "GROUP_MANAGER", "user"),
        ("62c6e1a8f3b5d7c9e1a3f4b6", "Listing Publisher", "PUBLISHER", "bot"),
    };

    /// <summary><paramref name="count"/> keys (at least 1), ids 1..count.</summary>
    public static List<SimKey> Create(int count = 300)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new Random(20261127);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.Date);
        var all = KnownPermissions.All.ToList();
        var keys = new List<SimKey>(count)
        {
            new()
            {
                Id = 1, Label = "PartooKeys demo (you)", Description = "The key this demo session connects with",
                UserId = Users[0].Id, UserName = Users[0].Name, UserRole = "ORG_ADMIN", UserType = "bot",
                ExpirationDate = today.AddDays(180), LastUsedAt = Timestamp(DateTime.UtcNow.AddMinutes(-5)),
                CreatedAt = Timestamp(DateTime.UtcNow.AddDays(-400)), IpWhitelist = new() { "127.0.0.1/32" },
                HasRestrictedPermissions = true, Permissions = new() { "api_key_manage", "user_read" },
                UserPermissions = new(all), Secret = SeedData.CallerSecret,
                CreatedBy = Users[0].Id, CreatedByName = "Automation Bot",
            },
        };

        for (var id = 2; id <= count; id++)
        {
            var user = Users[random.Next(Users.Length)];
            var created = DateTime.UtcNow.AddDays(-random.Next(30, 1500));
            var roll = random.NextDouble();
            var key = new SimKey
            {
                Id = id,
                Label = $"{Integrations[random.Next(Integrations.Length)]} - {Places[random.Next(Places.Length)]}",
                Description = $"Created for ticket OPS-{random.Next(1000, 9999)}",
                UserId = user.Id, UserName = user.Name, UserRole = user.Role, UserType = user.Type,
                CreatedAt = Timestamp(created), CreatedBy = Users[0].Id, CreatedByName = "Automation Bot",
                Secret = $"demo-secret-{id:D4}",
                UserPermissions = new(all),
                // most keys: no expiration date, or one to a year ahead; some expiring within 30 days
                ExpirationDate = roll switch
                {
                    < 0.35 => null,
                    < 0.47 => today.AddDays(random.Next(1, 30)),
                    < 0.55 => today.AddDays(-random.Next(1, 200)),
                    _ => today.AddDays(random.Next(31, 365)),
                },
                // a tenth never used; some dormant for months; the rest used lately
                LastUsedAt = random.NextDouble() switch
                {
                    < 0.10 => null,
                    < 0.25 => Timestamp(DateTime.UtcNow.AddDays(-random.Next(91, 700))),
                    _ => Timestamp(DateTime.UtcNow.AddHours(-random.Next(1, 24 * 60))),
                },
                IpWhitelist = random.NextDouble() < 0.3 ? new() { $"198.51.100.{random.Next(0, 255)}", "203.0.113.0/24" } : new(),
            };

            if (random.NextDouble() < 0.55)
            {
                key.HasRestrictedPermissions = true;
                key.Permissions = all.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).ToList();
                if (random.NextDouble() < 0.2)
                {
                    // the key's user lost one of the key's permissions: a dormant permission
                    key.UserPermissions = all.Except(key.Permissions.Take(1)).ToList();
                }
            }
            else
            {
                key.Permissions = new(all);
            }

            if (random.NextDouble() < 0.1)
            {
                key.Disabled = true;
                key.RevokedBy = Users[2].Id;
                key.RevokedByName = Users[2].Name!;
                key.RevokedAt = Timestamp(DateTime.UtcNow.AddDays(-random.Next(1, 300)));
            }

            keys.Add(key);
        }

        return keys;
    }

    private static string Timestamp(DateTime utc) =>
        utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture) + "+00";
}
