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

    /// <summary>Names in <see cref="SimPermissions"/> that are on no seed key and not in the module's fallback list.</summary>
    public static IReadOnlyList<string> CatalogueOnly { get; } = new[]
    {
        "business_edit_photos",
        "business_edit_description",
        "review_tag_manage",
        "feedback_read",
        "feedback_reply",
        "post_delete",
    };

    /// <summary>Names the organisation no longer has (not in the catalogue) that old keys still hold, e.g. key 1013.</summary>
    public static IReadOnlyList<string> Retired { get; } = new[] { "review_export_legacy" };

    /// <summary>True when a POST/PUT body may carry <paramref name="name"/> (ordinal): catalogue and retired names.</summary>
    public static bool IsKnown(string name) =>
        All.Contains(name, StringComparer.Ordinal) || CatalogueOnly.Contains(name, StringComparer.Ordinal) || Retired.Contains(name, StringComparer.Ordinal);
}
