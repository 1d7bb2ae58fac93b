using System.Text.Json.Serialization;

namespace PartooKeys.Json;

/// <summary>The source-generated serializer for every type the client reads or writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ApiKey))]
[JsonSerializable(typeof(ApiKeyPage))]
[JsonSerializable(typeof(ApiKey[]))]
[JsonSerializable(typeof(PermissionCatalogueAnswer))]
internal sealed partial class PartooJsonContext : JsonSerializerContext
{
}
