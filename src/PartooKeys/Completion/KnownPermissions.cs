using System.Collections.Generic;

namespace PartooKeys.Completion;

/// <summary>The permission names Partoo documents for API keys, offered by tab completion.</summary>
internal static class KnownPermissions
{
    public static IReadOnlyList<string> Documented { get; } = new[]
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
}
