using SageKeep.Scanning.Versions.Apk;
using SageKeep.Scanning.Versions.Dpkg;
using SageKeep.Scanning.Versions.Go;
using SageKeep.Scanning.Versions.Maven;
using SageKeep.Scanning.Versions.NuGet;
using SageKeep.Scanning.Versions.Pep440;
using SageKeep.Scanning.Versions.Rpm;
using SageKeep.Scanning.Versions.SemVer;

namespace SageKeep.Scanning.Versions;

/// <summary>Picks the version comparer for an ecosystem, by purl type or OSV ecosystem name.</summary>
internal static class VersionSchemes
{
    /// <summary>
    /// The comparer for a purl type (deb, apk, rpm, pypi, npm, maven, golang, nuget, cargo) or an OSV
    /// ecosystem name (Debian, Ubuntu, Alpine, Red Hat, PyPI, npm, Maven, Go, NuGet, crates.io, ...);
    /// case-insensitive, and an OSV "Debian:12" style suffix is ignored. Null when the ecosystem is unknown:
    /// callers must then not decide anything by version.
    /// </summary>
    public static IVersionComparer? For(string? ecosystemOrPurlType)
    {
        if (string.IsNullOrWhiteSpace(ecosystemOrPurlType))
        {
            return null;
        }

        var name = ecosystemOrPurlType.Trim();
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            name = name[..colon];
        }

        return name.ToUpperInvariant() switch
        {
            "DEB" or "DEBIAN" or "UBUNTU" or "DPKG" => DpkgVersionComparer.Instance,
            "APK" or "ALPINE" or "WOLFI" or "CHAINGUARD" => ApkVersionComparer.Instance,
            "RPM" or "RED HAT" or "REDHAT" or "ROCKY LINUX" or "ALMALINUX" or "FEDORA" or "OPENSUSE" or "SUSE"
                or "MAGEIA" or "AMAZON LINUX" => RpmVersionComparer.Instance,
            "PYPI" or "PEP440" => Pep440VersionComparer.Instance,
            "NPM" or "SEMVER" or "CARGO" or "CRATES.IO" => SemVerComparer.Instance,
            "MAVEN" => MavenVersionComparer.Instance,
            "GOLANG" or "GO" => GoVersionComparer.Instance,
            "NUGET" => NuGetVersionComparer.Instance,
            _ => null,
        };
    }
}
