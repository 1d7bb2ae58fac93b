using System.Collections.Generic;

namespace PartooKeys;

/// <summary>The filters of GET /api_keys.</summary>
public sealed class ApiKeyQuery
{
    public ApiKeyStatusFilter? Status { get; set; }
    public ApiKeyUserType? Type { get; set; }
    public string? SearchText { get; set; }
    public bool IncludeAllPermissions { get; set; }

    internal IEnumerable<KeyValuePair<string, string>> ToQueryValues()
    {
        if (Status is ApiKeyStatusFilter status) yield return new("status", status.ToString().ToLowerInvariant());
        if (Type is ApiKeyUserType type) yield return new("type", type.ToString().ToLowerInvariant());
        if (!string.IsNullOrEmpty(SearchText)) yield return new("search_text", SearchText!);
        if (IncludeAllPermissions) yield return new("include_all_permissions", "true");
    }
}
