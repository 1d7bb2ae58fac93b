using System;
using System.Text.Json.Serialization;

namespace PartooKeys;

/// <summary>One page of GET /api_keys.</summary>
public sealed class ApiKeyPage
{
    [JsonPropertyName("max_page")] public int? MaxPage { get; set; }
    [JsonPropertyName("count")] public int? Count { get; set; }
    [JsonPropertyName("api_keys")] public ApiKey[]? ApiKeys { get; set; }
}
