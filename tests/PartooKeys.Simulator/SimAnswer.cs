using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartooKeys.Simulator;

/// <summary>An answer the endpoints decided on, before it is written to the wire.</summary>
internal sealed class SimAnswer(int status, string? contentType, Func<byte[]> writeUtf8)
{
    internal const string Json = "application/json";

    private byte[]? _utf8;

    internal SimAnswer(int status, string? contentType, string body)
        : this(status, contentType, () => Encoding.UTF8.GetBytes(body))
    {
    }

    internal int Status { get; } = status;

    internal string? ContentType { get; } = contentType;

    /// <summary>
    /// The body as sent, written when first read: a listing page is decided under the simulator's lock from a
    /// snapshot of its keys, and its JSON is written after the lock is released, so concurrent pages use both cores.
    /// </summary>
    internal byte[] Utf8Body => _utf8 ??= writeUtf8();

    internal List<KeyValuePair<string, string>> Headers { get; } = new();

    /// <summary>Like Python's json.dumps output: '+' and quotes are not \u-escaped.</summary>
    private static readonly JsonSerializerOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static SimAnswer Of(int status, JsonNode body) => new(status, Json, body.ToJsonString(WriteOptions));

    internal SimAnswer WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}

/// <summary>The error bodies of the contract.</summary>
internal static class Errors
{
    internal static SimAnswer Unauthenticated() =>
        SimAnswer.Of(401, Wrap("error", "authentication", "User not authenticated"));

    internal static SimAnswer Forbidden() =>
        SimAnswer.Of(403, Wrap("error", "authorization", "Operation not allowed"));

    internal static SimAnswer NotFound() =>
        SimAnswer.Of(404, Wrap("error", "json", "Resource not found"));

    internal static SimAnswer MethodNotAllowed(string allow) =>
        SimAnswer.Of(405, Wrap("error", "json", "Method not allowed")).WithHeader("Allow", allow);

    internal static SimAnswer UnsupportedMediaType() =>
        SimAnswer.Of(415, Wrap("errors", "json", "Unsupported media type. Please use application/json"));

    internal static SimAnswer RateLimited(int retryAfterSeconds) =>
        SimAnswer.Of(429, Wrap("error", "rate_limit", "Too many requests"))
            .WithHeader("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal static SimAnswer AlreadyRevoked() =>
        SimAnswer.Of(400, Wrap("error", "json", "API key already revoked"));

    /// <summary>400 <c>{"error":{"json":{"field":["message", ...], ...}}}</c>.</summary>
    internal static SimAnswer FieldErrors(FieldErrorList errors)
    {
        var fields = new JsonObject();
        foreach (var (field, messages) in errors.Items)
        {
            fields[field] = KeyJson.StringArray(messages);
        }

        return SimAnswer.Of(400, new JsonObject { ["error"] = new JsonObject { ["json"] = fields } });
    }

    internal static SimAnswer FieldError(string field, string message)
    {
        var list = new FieldErrorList();
        list.Add(field, message);
        return FieldErrors(list);
    }

    internal static SimAnswer ServerError(string message) =>
        SimAnswer.Of(500, Wrap("error", "server", message));

    private static JsonObject Wrap(string outer, string inner, string message) =>
        new() { [outer] = new JsonObject { [inner] = message } };
}

/// <summary>Field name → messages, in the order fields were first reported.</summary>
internal sealed class FieldErrorList
{
    internal List<(string Field, List<string> Messages)> Items { get; } = new();

    internal bool Any => Items.Count > 0;

    internal void Add(string field, string message)
    {
        foreach (var item in Items)
        {
            if (item.Field == field)
            {
                item.Messages.Add(message);
                return;
            }
        }

        Items.Add((field, new List<string> { message }));
    }
}
