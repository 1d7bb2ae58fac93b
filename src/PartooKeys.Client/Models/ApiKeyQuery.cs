using System.Collections.Generic;
using System.Security;

namespace PartooKeys;

/// <summary>The filters of GET /api_keys.</summary>
public sealed class ApiKeyQuery
{
    public ApiKeyStatusFilter? Status { get; set; }
    public ApiKeyUserType? Type { get; set; }
    public string? SearchText { get; set; }
    public bool IncludeAllPermissions { get; set; }

    /// <summary>A key's secret to look for (search_text matches the secret string); plaintext only while the query is built.</summary>
    public SecureString? KeyValue { get; set; }

    internal IEnumerable<KeyValuePair<string, string>> ToQueryValues()
    {
        if (Status is ApiKeyStatusFilter status) yield return new("status", status.ToString().ToLowerInvariant());
        if (Type is ApiKeyUserType type) yield return new("type", type.ToString().ToLowerInvariant());
        if (KeyValue is not null) yield return new("search_text", Http.SecureText.Reveal(KeyValue));
        else if (!string.IsNullOrEmpty(SearchText)) yield return new("search_text", SearchText!);
        if (IncludeAllPermissions) yield return new("include_all_permissions", "true");
    }
}
