namespace PartooKeys;

/// <summary>A key read alone (by id, or the answer of a change) that cannot be read.</summary>
internal sealed class UnreadableKeyException : System.Text.Json.JsonException
{
    public UnreadableKeyException(UnreadableApiKey key) : base(key.ToString()) => Key = key;

    public UnreadableApiKey Key { get; }
}
