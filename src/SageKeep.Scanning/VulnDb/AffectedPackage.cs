namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// One package a record affects. <see cref="Namespace"/> is an ecosystem ("pypi", "npm", "go", "maven",
/// "nuget", "crates.io", …) or a distribution ("debian", "alpine", "ubuntu", "almalinux", …);
/// <see cref="Release"/> is the distribution release ("bookworm", "3.11") or "" for ecosystems.
/// <see cref="Name"/> is normalised for lookups (<see cref="PackageNames"/>), <see cref="RawName"/> as published.
/// <see cref="VersionScheme"/> names the comparer a matcher must use: deb, apk, rpm, pypi, npm, maven,
/// golang, nuget, cargo, semver, git, or the lower-cased ecosystem when unknown.
/// </summary>
public sealed record AffectedPackage(
    string Namespace,
    string Release,
    string Name,
    string RawName,
    string? Purl,
    string VersionScheme,
    FixState FixState,
    string? FixedVersion,
    IReadOnlyList<AffectedRange> Ranges,
    IReadOnlyList<string> Versions,
    string? Severity);
