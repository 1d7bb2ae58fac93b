using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartooKeys;

/// <summary>
/// A read-only list of names (permissions, IP whitelist entries). Formatters show it as a list; its
/// ToString joins the values with ';' so Export-Csv and ConvertTo-Csv write "business_edit;review_read",
/// and the cmdlets split such a cell back into values.
/// </summary>
[JsonConverter(typeof(ValueListConverter))]
[System.Runtime.CompilerServices.CollectionBuilder(typeof(ValueList), nameof(Create))]
public sealed class ValueList : ReadOnlyCollection<string>
{
    /// <summary>The separator in CSV cells and in ToString.</summary>
    public const char Separator = ';';

    public static readonly ValueList Empty = new(Array.Empty<string>());

    public ValueList(IEnumerable<string> values) : base(values.ToArray()) { }

    /// <summary>As an array has it, so scripts written for string[] keep working.</summary>
    public int Length => Count;

    public override string ToString() => string.Join(Separator.ToString(), this);

    /// <summary>For C# collection expressions: ValueList list = ["a", "b"].</summary>
    public static ValueList Create(ReadOnlySpan<string> values) => values.Length == 0 ? Empty : new ValueList(values.ToArray());

    public static implicit operator ValueList(string[]? values) => values is null || values.Length == 0 ? Empty : new ValueList(values);
}

internal sealed class ValueListConverter : JsonConverter<ValueList>
{
    public override ValueList? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return ValueList.Empty;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Expected a list of strings.");
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            values.Add(reader.TokenType == JsonTokenType.String ? Json.SharedStrings.Read(ref reader) : throw new JsonException("Expected a list of strings."));
        return values.Count == 0 ? ValueList.Empty : new ValueList(values);
    }

    public override void Write(Utf8JsonWriter writer, ValueList value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value) writer.WriteStringValue(item);
        writer.WriteEndArray();
    }
}

