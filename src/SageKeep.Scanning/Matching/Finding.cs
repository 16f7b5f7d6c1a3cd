using SageKeep.Scanning.Cvss;

namespace SageKeep.Scanning.Matching;

/// <summary>
/// One vulnerability in one installed package. Records of several sources about the same vulnerability
/// (a CVE, the GHSA and PYSEC that alias it, the distribution's entry) are merged into one finding:
/// <see cref="VulnerabilityId"/> is the CVE when there is one, <see cref="Aliases"/> the other ids.
/// </summary>
public sealed record Finding
{
    public required string VulnerabilityId { get; init; }

    /// <summary>Every other id of the same vulnerability (GHSA, DSA, PYSEC, …), sorted.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    public required string PackageName { get; init; }

    public required string PackageVersion { get; init; }

    /// <summary>The package type as a purl type: deb, apk, rpm, pypi, npm, maven, golang, nuget, cargo.</summary>
    public required string PackageType { get; init; }

    public required string Purl { get; init; }

    /// <summary>Where the package was found in the image, and in which layer (null in rootfs mode).</summary>
    public required string PackagePath { get; init; }

    public string? LayerDigest { get; init; }

    /// <summary>The source package the OS package was matched by (Debian Source:, Alpine origin, RPM source rpm).</summary>
    public string? SourcePackage { get; init; }

    /// <summary>The advisory's ecosystem or distribution namespace that matched: "alpine:3.11", "debian:bookworm", "pypi".</summary>
    public required string MatchedNamespace { get; init; }

    /// <summary>The records that matched, as "source:record-id" ("alpine:3.11/main/zlib/CVE-2018-25032", "osv:GHSA-…").</summary>
    public required IReadOnlyList<string> MatchedBy { get; init; }

    public required Severity Severity { get; init; }

    /// <summary>Who rated it: "debian" (urgency), "osv:GHSA-…" (advisory), "nvd@nist.gov CVSS 3.1", … or "none".</summary>
    public required string SeveritySource { get; init; }

    /// <summary>The base score of the chosen CVSS metric, computed by our calculator from <see cref="CvssVector"/>.</summary>
    public double? CvssScore { get; init; }

    public string? CvssVector { get; init; }

    /// <summary>Every CVSS metric known for the vulnerability (NVD primary and secondary, OSV).</summary>
    public IReadOnlyList<CvssDetail> Cvss { get; init; } = [];

    public CvssImpact? Confidentiality { get; init; }

    public CvssImpact? Integrity { get; init; }

    public CvssImpact? Availability { get; init; }

    public IReadOnlyList<string> Cwes { get; init; } = [];

    public required FindingFixState FixState { get; init; }

    /// <summary>The first version that fixes it, from the advisory; null unless <see cref="FixState"/> is Fixed.</summary>
    public string? FixedVersion { get; init; }

    /// <summary>References tagged as patches (NVD "Patch", OSV "FIX"): the rest of the fix information.</summary>
    public IReadOnlyList<string> PatchReferences { get; init; } = [];

    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary>The page to read first: NVD for CVEs, GitHub for GHSA, osv.dev otherwise.</summary>
    public required string Uri { get; init; }

    public IReadOnlyList<FindingReference> References { get; init; } = [];

    /// <summary>Listed in CISA's Known Exploited Vulnerabilities catalogue (NVD cisaExploitAdd).</summary>
    public bool Kev { get; init; }

    public string? KevAddedDate { get; init; }

    public DateTimeOffset? Published { get; init; }

    public DateTimeOffset? Modified { get; init; }

    /// <summary>Whether <paramref name="id"/> is the vulnerability's id or one of its aliases (ordinal, case-insensitive).</summary>
    public bool HasId(string id) =>
        string.Equals(VulnerabilityId, id, StringComparison.OrdinalIgnoreCase) || Aliases.Any(a => string.Equals(a, id, StringComparison.OrdinalIgnoreCase));
}
