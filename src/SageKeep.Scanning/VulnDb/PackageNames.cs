using System.Text;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// Namespaces, releases, package names and version schemes as the database stores them, so a matcher can
/// look a package up by (namespace, release, name) with the same normalisation.
/// </summary>
public static class PackageNames
{
    // OSV writes Debian releases as numbers ("Debian:12"); the Debian tracker writes codenames.
    private static readonly Dictionary<string, string> DebianCodenames = new(StringComparer.Ordinal)
    {
        ["7"] = "wheezy", ["8"] = "jessie", ["9"] = "stretch", ["10"] = "buster", ["11"] = "bullseye",
        ["12"] = "bookworm", ["13"] = "trixie", ["14"] = "forky",
    };

    /// <summary>
    /// Splits an OSV ecosystem ("PyPI", "Debian:12", "Alpine:v3.18", "Root:Alpine:3.18", "Ubuntu:22.04:LTS")
    /// into a lower-case namespace and a release: the release starts at the first segment that begins with
    /// a digit (or "v" and a digit). Alpine releases lose their "v"; Debian numbers become codenames.
    /// </summary>
    public static (string Namespace, string Release) SplitEcosystem(string ecosystem)
    {
        var segments = ecosystem.Split(':');
        var cut = Array.FindIndex(segments, s => s.Length > 0 && (char.IsAsciiDigit(s[0]) || (s.Length > 1 && s[0] == 'v' && char.IsAsciiDigit(s[1]))));
        var ns = (cut < 0 ? ecosystem : string.Join(':', segments[..cut])).ToLowerInvariant();
        var release = cut < 0 ? "" : string.Join(':', segments[cut..]).ToLowerInvariant();
        return (ns, NormaliseRelease(ns, release));
    }

    public static string NormaliseRelease(string ns, string release)
    {
        var last = LastSegment(ns);
        if (last == "alpine" && release.StartsWith('v'))
        {
            return release[1..];
        }

        return last == "debian" && DebianCodenames.TryGetValue(release, out var codename) ? codename : release;
    }

    /// <summary>PyPI names per PEP 503 (lower case, runs of "-", "_", "." become "-"); NuGet ids are case-insensitive.</summary>
    public static string Normalise(string ns, string name)
    {
        switch (LastSegment(ns))
        {
            case "pypi":
                var builder = new StringBuilder(name.Length);
                foreach (var c in name.ToLowerInvariant())
                {
                    var separator = c is '-' or '_' or '.';
                    if (!separator)
                    {
                        builder.Append(c);
                    }
                    else if (builder.Length == 0 || builder[^1] != '-')
                    {
                        builder.Append('-');
                    }
                }

                return builder.ToString();
            case "nuget":
                return name.ToLowerInvariant();
            default:
                return name;
        }
    }

    /// <summary>The version comparer a matcher must use for a namespace (and OSV range type).</summary>
    public static string VersionScheme(string ns, string? rangeType = null)
    {
        if (rangeType == "GIT")
        {
            return "git";
        }

        var scheme = LastSegment(ns) switch
        {
            "debian" or "ubuntu" => "deb",
            "alpine" or "wolfi" or "chainguard" or "alpaquita" => "apk",
            "almalinux" or "rocky linux" or "red hat" or "redhat" or "opensuse" or "suse" or "mageia" or "openeuler" or "azure linux" => "rpm",
            "pypi" => "pypi",
            "npm" => "npm",
            "maven" => "maven",
            "go" => "golang",
            "nuget" => "nuget",
            "crates.io" => "cargo",
            _ => null,
        };
        return scheme ?? (rangeType == "SEMVER" ? "semver" : ns);
    }

    private static string LastSegment(string ns)
    {
        var colon = ns.LastIndexOf(':');
        return colon < 0 ? ns : ns[(colon + 1)..];
    }
}
