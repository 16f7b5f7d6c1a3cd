namespace SageKeep.Scanning.Matching;

/// <summary>A reference URL with its tags (NVD's "Patch", "Vendor Advisory", …; OSV's "FIX", "ADVISORY", …).</summary>
public sealed record FindingReference(string Url, IReadOnlyList<string> Tags)
{
    /// <summary>NVD tags it "Patch" or OSV types it "FIX".</summary>
    public bool IsPatch => Tags.Any(t => t is "Patch" or "FIX");

    /// <summary>NVD tags it "Vendor Advisory" or OSV types it "ADVISORY".</summary>
    public bool IsVendorAdvisory => Tags.Any(t => t is "Vendor Advisory" or "ADVISORY");
}
