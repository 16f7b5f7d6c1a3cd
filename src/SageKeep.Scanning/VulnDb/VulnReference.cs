namespace SageKeep.Scanning.VulnDb;

/// <summary>A reference URL with its tags (NVD: "Patch", "Vendor Advisory", …; OSV: its type "FIX", "ADVISORY", …).</summary>
public sealed record VulnReference(string Url, IReadOnlyList<string> Tags);
