namespace SageKeep.Scanning.Sbom;

/// <summary>Document formats an inventory can be written as.</summary>
public enum SbomFormat
{
    /// <summary>CycloneDX 1.6 JSON (cyclonedx.org/docs/1.6/json).</summary>
    CycloneDx,

    /// <summary>SPDX 2.3 JSON (spdx.github.io/spdx-spec/v2.3).</summary>
    Spdx,

    /// <summary>SageKeep's own inventory JSON, every field of <see cref="Inventory.ImageInventory"/>.</summary>
    Json,
}
