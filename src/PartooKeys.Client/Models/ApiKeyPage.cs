using System;
using System.Text.Json.Serialization;

namespace PartooKeys;

/// <summary>One page of GET /api_keys.</summary>
public sealed class ApiKeyPage
{
    [JsonPropertyName("page")] public int? Page { get; set; }
    [JsonPropertyName("max_page")] public int? MaxPage { get; set; }
    [JsonPropertyName("count")] public int? Count { get; set; }
    [JsonPropertyName("api_keys")] public ApiKey[]? ApiKeys { get; set; }
}

/// <summary>The answer of POST /api_keys/revoke/{id}.</summary>
public sealed class RevokeAnswer
{
    [JsonPropertyName("id")] public int? Id { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
}
