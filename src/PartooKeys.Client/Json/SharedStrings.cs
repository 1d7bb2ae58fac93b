using System;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace PartooKeys.Json;

/// <summary>
/// One string object per distinct short name read from JSON (permission names, IP entries): a listing of
/// 10,000 keys repeats the same few dozen names, so they are neither allocated nor held 10,000 times.
/// A small lock-free table indexed by a hash of the UTF-8 bytes; a clash just allocates.
/// </summary>
internal static class SharedStrings
{
    private const int Slots = 1024; // a power of two
    private const int MaxBytes = 64;
    private static readonly Entry?[] Table = new Entry?[Slots];

    private sealed class Entry(byte[] utf8, string text)
    {
        public readonly byte[] Utf8 = utf8;
        public readonly string Text = text;
    }

    /// <summary>The string token the reader is on, shared when it was seen before.</summary>
    public static string Read(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxBytes) return reader.GetString()!;
        var bytes = reader.ValueSpan;
        var slot = (int)(Hash(bytes) & (Slots - 1));
        var entry = Volatile.Read(ref Table[slot]);
        if (entry is not null && bytes.SequenceEqual(entry.Utf8)) return entry.Text;
        var text = reader.GetString()!;
        Volatile.Write(ref Table[slot], new Entry(bytes.ToArray(), text));
        return text;
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u; // FNV-1a
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}

/// <summary>For properties whose values repeat across keys (user ids, names, roles): see <see cref="SharedStrings"/>.</summary>
internal sealed class SharedStringConverter : System.Text.Json.Serialization.JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? SharedStrings.Read(ref reader) : throw new JsonException($"Expected a string, found {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }
}
