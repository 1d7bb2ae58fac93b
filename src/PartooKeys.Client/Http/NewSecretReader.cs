using System;
using System.Security;
using System.Text.Json;

namespace PartooKeys.Http;

/// <summary>
/// Takes the new key's secret ("api_key") out of a create answer straight into a SecureString,
/// without ever making it a .NET string.
/// </summary>
internal static class NewSecretReader
{
    public static SecureString? Read(byte[] answer)
    {
        var reader = new Utf8JsonReader(answer);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSecret = reader.ValueTextEquals("api_key");
            reader.Read();
            if (!isSecret) { reader.Skip(); continue; }
            if (reader.TokenType != JsonTokenType.String) return null;
            var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            var buffer = new char[length];
            try
            {
                var written = reader.CopyString(buffer);
                var secret = new SecureString();
                for (var i = 0; i < written; i++) secret.AppendChar(buffer[i]);
                secret.MakeReadOnly();
                return secret.Length == 0 ? null : secret;
            }
            finally { Array.Clear(buffer, 0, buffer.Length); }
        }
        return null;
    }
}
