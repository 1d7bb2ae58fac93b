using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace PartooKeys;

/// <summary>The answer of GET /permissions as Partoo writes it: sections, subsections, permissions. Unknown fields are ignored.</summary>
internal sealed class PermissionCatalogueAnswer
{
    [JsonPropertyName("sections")] public List<PermissionSectionJson?>? Sections { get; set; }
}

internal sealed class PermissionSectionJson
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("order")] public double? Order { get; set; }
    [JsonPropertyName("subsections")] public List<PermissionSubsectionJson?>? Subsections { get; set; }
}

internal sealed class PermissionSubsectionJson
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("order")] public double? Order { get; set; }
    [JsonPropertyName("permissions")] public List<PermissionJson?>? Permissions { get; set; }
}

internal sealed class PermissionJson
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("order")] public double? Order { get; set; }
    [JsonPropertyName("feature")] public string? Feature { get; set; }
    [JsonPropertyName("depends_on")] public string? DependsOn { get; set; }
    [JsonPropertyName("disabled_for_roles")] public List<string?>? DisabledForRoles { get; set; }
}
