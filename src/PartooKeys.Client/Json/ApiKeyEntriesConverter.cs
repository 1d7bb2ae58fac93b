using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartooKeys.Json;

/// <summary>The api_keys list of a page, read key by key: one that cannot be read is set aside, the others are kept.</summary>
public sealed class ApiKeyEntries
{
    internal ApiKeyEntries(ApiKey[] keys, IReadOnlyList<UnreadableApiKey> unreadable, int count)
    {
        Keys = keys;
        Unreadable = unreadable;
        Count = count;
    }

    /// <summary>The keys that were read, in the page's order.</summary>
    public ApiKey[] Keys { get; }

    /// <summary>The keys that could not be read (each with its position in the page).</summary>
    public IReadOnlyList<UnreadableApiKey> Unreadable { get; }

    /// <summary>How many entries the list held, read or not.</summary>
    public int Count { get; }
}

internal sealed class ApiKeyEntriesConverter : JsonConverter<ApiKeyEntries?>
{
    public override ApiKeyEntries? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("'api_keys' is not a list.");
        var keys = new List<ApiKey>();
        var unreadable = new List<UnreadableApiKey>();
        var position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var attempt = reader; // copies: the element is read once as a key, and once more only if that fails
            var again = reader;
            reader.Skip();
            try
            {
                var key = JsonSerializer.Deserialize(ref attempt, PartooJsonContext.Default.ApiKey);
                if (key is null) unreadable.Add(new UnreadableApiKey(null, null, "it is null.", position));
                else if (key.Id <= 0) unreadable.Add(UnreadableApiKey.WithoutId(ElementOf(ref again), position));
                else keys.Add(key);
            }
            catch (JsonException ex)
            {
                unreadable.Add(UnreadableApiKey.From(ElementOf(ref again), ex, null, position));
            }
            position++;
        }
        return new ApiKeyEntries(keys.ToArray(), unreadable, position);
    }

    private static JsonElement ElementOf(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.Clone();
    }

    public override void Write(Utf8JsonWriter writer, ApiKeyEntries? value, JsonSerializerOptions options)
    {
        if (value is null) { writer.WriteNullValue(); return; }
        JsonSerializer.Serialize(writer, value.Keys, PartooJsonContext.Default.ApiKeyArray);
    }
}
