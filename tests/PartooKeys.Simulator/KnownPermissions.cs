namespace PartooKeys.Simulator;

/// <summary>
/// The permission names the simulated server accepts in a POST/PUT body. The real list is not
/// published in the contract; these are realistic snake_case names.
/// </summary>
public static class KnownPermissions
{
    /// <summary>Every accepted permission name, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } = new[]
    {
        "business_edit",
        "business_edit_name",
        "business_edit_categories",
        "business_edit_hours",
        "review_read",
        "review_reply",
        "post_create",
        "post_read",
        "message_read",
        "message_reply",
        "api_key_manage",
        "user_read",
        "user_edit",
        "analytics_read",
        "presence_read",
    };

    /// <summary>True when <paramref name="name"/> is one of <see cref="All"/> (ordinal).</summary>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
