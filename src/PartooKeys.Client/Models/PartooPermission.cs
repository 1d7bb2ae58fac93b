using System;

namespace PartooKeys;

/// <summary>One permission the organisation can grant, from GET /permissions (what Get-PartooPermission writes).</summary>
public sealed class PartooPermission
{
    public PartooPermission(string name, string section, string subsection, string? feature, string? dependsOn,
        string[] disabledForRoles, int? order, int? sectionOrder, int? subsectionOrder)
    {
        Name = name;
        Section = section;
        Subsection = subsection;
        Feature = feature;
        DependsOn = dependsOn;
        DisabledForRoles = disabledForRoles ?? Array.Empty<string>();
        Order = order;
        SectionOrder = sectionOrder;
        SubsectionOrder = subsectionOrder;
    }

    public string Name { get; }
    public string Section { get; }
    public string Subsection { get; }
    /// <summary>The product feature (plan) the permission belongs to; null when Partoo names none.</summary>
    public string? Feature { get; }
    /// <summary>The permission that must also be granted for this one to take effect; null when none.</summary>
    public string? DependsOn { get; }
    /// <summary>Roles (e.g. PUBLISHER) whose users cannot be granted this permission.</summary>
    public string[] DisabledForRoles { get; }
    /// <summary>Partoo's display order inside the subsection.</summary>
    public int? Order { get; }
    public int? SectionOrder { get; }
    public int? SubsectionOrder { get; }

    /// <summary>Where the permission lives, e.g. "presence / presence_pages".</summary>
    public string Location => Subsection.Length == 0 ? Section : Section + " / " + Subsection;

    public bool IsDisabledFor(string? role) =>
        !string.IsNullOrEmpty(role) && Array.Exists(DisabledForRoles, r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => DisplayText.Escape(Name)!;
}
