namespace SageKeep.Scanning.Inventory;

/// <summary>A cataloger that ran, for provenance in the SBOM.</summary>
public sealed record CatalogerInfo(string Id, string Version);
