using SageKeep.Scanning.Os;
using SageKeep.Scanning.Packages;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.Scanning.Matching;

/// <summary>
/// Where the database keeps advisories for a package: OS packages under the distribution and release (as
/// <see cref="PackageNames"/> stores them), language packages under their OSV ecosystem.
/// </summary>
internal static class MatchNamespaces
{
    /// <summary>Purl types that OS package managers install; matched only by distribution advisories.</summary>
    public static bool IsOsPackage(PackageRecord package) => package.Type is "deb" or "apk" or "rpm";

    /// <summary>The distribution namespace and the release spellings to try, or null when the OS is unknown to the feeds.</summary>
    public static (string Namespace, IReadOnlyList<string> Releases)? ForOs(OsInfo? os)
    {
        if (os is null)
        {
            return null;
        }

        var version = os.VersionId ?? string.Empty;
        var major = version.Split('.')[0];
        switch (os.Id)
        {
            case "alpine":
                // secdb and OSV name Alpine releases by major.minor ("v3.11"), os-release has the patch level too.
                var parts = version.Split('.');
                return ("alpine", parts.Length >= 2 ? [$"{parts[0]}.{parts[1]}"] : [version]);
            case "debian":
                var codename = os.Codename is { Length: > 0 } c ? c : PackageNames.NormaliseRelease("debian", major);
                return ("debian", [codename]);
            case "ubuntu":
                // OSV writes "Ubuntu:22.04:LTS" for LTS releases and "Ubuntu:23.10" otherwise.
                return ("ubuntu", [version.ToLowerInvariant(), version.ToLowerInvariant() + ":lts"]);
            case "almalinux":
                return ("almalinux", [major]);
            case "rocky":
                return ("rocky linux", [major]);
            case "rhel":
                return ("red hat", [major]);
            case "wolfi" or "chainguard":
                return (os.Id, [string.Empty]);
            default:
                return (os.Id, [version.ToLowerInvariant(), major]);
        }
    }

    /// <summary>The OSV ecosystem (lower case, as stored) of a language package's purl type, or null.</summary>
    public static string? ForLanguage(string purlType) => purlType switch
    {
        "pypi" => "pypi",
        "npm" => "npm",
        "maven" => "maven",
        "golang" => "go",
        "nuget" => "nuget",
        "cargo" => "crates.io",
        "gem" => "rubygems",
        "composer" => "packagist",
        "hex" => "hex",
        "pub" => "pub",
        _ => null,
    };
}
