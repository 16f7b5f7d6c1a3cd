namespace SageKeep.Scanning.Packages;

/// <summary>
/// One installed package found in an image, with where it came from.
/// </summary>
/// <param name="Name">Package name as the ecosystem spells it (Python names normalised per PEP 503).</param>
/// <param name="Version">Version exactly as recorded (dpkg with epoch, rpm as [epoch:]version-release).</param>
/// <param name="Type">Ecosystem / package type, as a purl type: deb, apk, rpm, pypi, npm, maven, golang, nuget, cargo.</param>
/// <param name="Purl">Package URL (https://github.com/package-url/purl-spec).</param>
/// <param name="Path">Absolute path inside the image of the file the package was read from.</param>
/// <param name="LayerDigest">Digest of the layer that supplied that file (null in rootfs mode).</param>
/// <param name="CatalogerId">Id of the cataloger that found it.</param>
public sealed record PackageRecord(
    string Name,
    string Version,
    string Type,
    string Purl,
    string Path,
    string? LayerDigest,
    string CatalogerId)
{
    /// <summary>Source package (dpkg <c>Source:</c>, apk origin, rpm source rpm name); null when none.</summary>
    public string? SourceName { get; init; }

    /// <summary>Source package version when it differs from <see cref="Version"/> (dpkg <c>Source: name (version)</c>).</summary>
    public string? SourceVersion { get; init; }

    /// <summary>Architecture when the ecosystem records one (amd64, x86_64, noarch...).</summary>
    public string? Architecture { get; init; }

    /// <summary>Licence expression or text as recorded, when present.</summary>
    public string? License { get; init; }

    /// <summary>Integrity checksum the package manager recorded (apk <c>C:</c>), as recorded.</summary>
    public string? Checksum { get; init; }
}
