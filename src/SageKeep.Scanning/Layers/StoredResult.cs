using SageKeep.Scanning.Catalogers;

namespace SageKeep.Scanning.Layers;

/// <summary>What a cataloger read from one file version; kept only if that version survives in the merged view.</summary>
internal sealed record StoredResult(string Path, long Sequence, string CatalogerId, CatalogResult Result);
