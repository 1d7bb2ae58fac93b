namespace PartooKeys.Simulator;

/// <summary>The knobs of GET /v2/permissions.</summary>
public sealed partial class SimulatorKnobs
{
    private bool _permissionsForbidden;
    private string? _permissionCatalogueJson;

    /// <summary>True: GET /v2/permissions answers 403 (the caller may manage keys but not read the catalogue). Default false.</summary>
    public bool PermissionsForbidden { get { lock (_sync) { return _permissionsForbidden; } } set { lock (_sync) { _permissionsForbidden = value; } } }

    /// <summary>A body GET /v2/permissions answers verbatim (200, application/json) instead of <see cref="SimPermissions.Standard"/>; null: the standard one.</summary>
    public string? PermissionCatalogueJson { get { lock (_sync) { return _permissionCatalogueJson; } } set { lock (_sync) { _permissionCatalogueJson = value; } } }
}
