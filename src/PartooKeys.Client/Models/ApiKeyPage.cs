using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using PartooKeys.Json;

namespace PartooKeys;

/// <summary>One page of GET /api_keys.</summary>
public sealed class ApiKeyPage
{
    [JsonPropertyName("max_page")] public int? MaxPage { get; set; }
    [JsonPropertyName("count")] public int? Count { get; set; }

    /// <summary>The api_keys list as read key by key.</summary>
    [JsonPropertyName("api_keys"), JsonConverter(typeof(ApiKeyEntriesConverter))] public ApiKeyEntries? Entries { get; set; }

    /// <summary>The keys of the page that could be read.</summary>
    [JsonIgnore] public ApiKey[]? ApiKeys => Entries?.Keys;

    /// <summary>The keys of the page that could not be read, reported alone.</summary>
    [JsonIgnore] public IReadOnlyList<UnreadableApiKey> Unreadable => Entries?.Unreadable ?? Array.Empty<UnreadableApiKey>();
}
