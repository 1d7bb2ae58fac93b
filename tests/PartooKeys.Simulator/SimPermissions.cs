using System.Text.Json.Nodes;

namespace PartooKeys.Simulator;

/// <summary>
/// What GET /v2/permissions answers: the simulated organisation's permission catalogue. It holds
/// every name of <see cref="KnownPermissions.All"/> plus <see cref="KnownPermissions.CatalogueOnly"/>
/// (names the module's own fallback list does not have), and none of <see cref="KnownPermissions.Retired"/>.
/// </summary>
public static class SimPermissions
{
    /// <summary>(section, subsection, name, feature, depends_on, disabled_for_roles), in Partoo's order.</summary>
    public static IReadOnlyList<(string Section, string Subsection, string Name, string Feature, string? DependsOn, string[] DisabledForRoles)> Entries { get; } =
        new (string, string, string, string, string?, string[])[]
        {
            ("presence", "presence_pages", "business_edit", "business_edition", null, []),
            ("presence", "presence_pages", "business_edit_name", "business_edition", "business_edit", []),
            ("presence", "presence_pages", "business_edit_categories", "business_edition", "business_edit", []),
            ("presence", "presence_pages", "business_edit_hours", "business_edition", "business_edit", []),
            ("presence", "presence_pages", "business_edit_photos", "business_edition", "business_edit", []),
            ("presence", "presence_pages", "business_edit_description", "business_edition", "business_edit", []),
            ("presence", "presence_analytics", "presence_read", "presence_analytics", null, []),
            ("presence", "presence_analytics", "analytics_read", "presence_analytics", null, []),
            ("reviews", "review_management", "review_read", "review_management", null, []),
            ("reviews", "review_management", "review_reply", "review_management", "review_read", ["PUBLISHER"]),
            ("reviews", "review_management", "review_tag_manage", "review_management", "review_read", ["PUBLISHER"]),
            ("reviews", "feedback_management", "feedback_read", "feedback_management", null, []),
            ("reviews", "feedback_management", "feedback_reply", "feedback_management", "feedback_read", ["PUBLISHER"]),
            ("posts", "posts", "post_read", "posts", null, []),
            ("posts", "posts", "post_create", "posts", null, []),
            ("posts", "posts", "post_delete", "posts", "post_read", ["PUBLISHER"]),
            ("messages", "messages", "message_read", "messages", null, []),
            ("messages", "messages", "message_reply", "messages", "message_read", ["PUBLISHER"]),
            ("organisation", "users", "user_read", "user_management", null, []),
            ("organisation", "users", "user_edit", "user_management", "user_read", ["BUSINESS_MANAGER", "PUBLISHER"]),
            ("organisation", "api_keys", "api_key_manage", "api_keys", null, ["GROUP_MANAGER", "BUSINESS_MANAGER", "PUBLISHER"]),
        };

    /// <summary>The standard answer, as Partoo's documentation shows it (with an unknown extra field on each level).</summary>
    public static JsonObject Standard() => Build(Entries);

    /// <summary>An answer built from entries, grouped by section and subsection in first-seen order; orders 100, 200, ...</summary>
    public static JsonObject Build(IEnumerable<(string Section, string Subsection, string Name, string Feature, string? DependsOn, string[] DisabledForRoles)> entries)
    {
        var sections = new JsonArray();
        foreach (var (section, sectionIndex) in entries.GroupBy(e => e.Section).Select((g, i) => (g, i)))
        {
            var subsections = new JsonArray();
            foreach (var (subsection, subIndex) in section.GroupBy(e => e.Subsection).Select((g, i) => (g, i)))
            {
                var permissions = new JsonArray();
                foreach (var (entry, index) in subsection.Select((e, i) => (e, i)))
                {
                    permissions.Add(new JsonObject
                    {
                        ["name"] = entry.Name,
                        ["order"] = 100 + index,
                        ["feature"] = entry.Feature,
                        ["depends_on"] = entry.DependsOn,
                        ["disabled_for_roles"] = KeyJson.StringArray(entry.DisabledForRoles),
                        ["beta"] = false,
                    });
                }
                subsections.Add(new JsonObject { ["name"] = subsection.Key, ["order"] = (subIndex + 1) * 100, ["permissions"] = permissions });
            }
            sections.Add(new JsonObject { ["name"] = section.Key, ["order"] = (sectionIndex + 1) * 100, ["subsections"] = subsections, ["icon"] = "x" });
        }
        return new JsonObject { ["sections"] = sections };
    }

    /// <summary>GET /v2/permissions (after authentication, the rate limit and authorization).</summary>
    internal static SimAnswer Handle(RecordedRequest req, SimulatorKnobs knobs)
    {
        if (!string.Equals(req.Method, "GET", StringComparison.OrdinalIgnoreCase)) { return Errors.MethodNotAllowed("GET"); }
        if (knobs.PermissionsForbidden) { return Errors.Forbidden(); }
        var replaced = knobs.PermissionCatalogueJson;
        return replaced is null ? SimAnswer.Of(200, Standard()) : new SimAnswer(200, SimAnswer.Json, replaced);
    }
}
