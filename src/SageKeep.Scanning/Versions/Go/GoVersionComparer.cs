using System.Diagnostics.CodeAnalysis;
using SageKeep.Scanning.Versions.SemVer;

namespace SageKeep.Scanning.Versions.Go;

/// <summary>
/// Go module versions ordered as golang.org/x/mod/semver.Compare orders them (Go Modules Reference,
/// "Versions" and "Pseudo-versions"): "v" + SemVer 2.0.0, where "v1" and "v1.2" abbreviate "v1.0.0"
/// and "v1.2.0", build metadata such as "+incompatible" is ignored, and pseudo-versions such as
/// v0.0.0-20191109021931-daa7c04131f5 are ordinary pre-releases (so they sort by their timestamp).
/// </summary>
/// <remarks>
/// x/mod treats every invalid string as equal and below all valid ones; here invalid strings sort last,
/// as for every scheme (see <see cref="IVersionComparer"/>).
/// </remarks>
internal sealed class GoVersionComparer : VersionComparer<GoVersion>
{
    public static GoVersionComparer Instance { get; } = new();

    public override string Scheme => "go";

    public override bool TryParse(string? version, [NotNullWhen(true)] out GoVersion? parsed)
    {
        parsed = null;
        if (string.IsNullOrEmpty(version) || version.Length > MaxLength || version[0] != 'v')
        {
            return false;
        }

        var rest = version.AsSpan(1);

        // Step 1: major, then optional .minor and .patch; a short form may carry nothing after it.
        if (!TryNumber(ref rest, out var major))
        {
            return false;
        }

        if (rest.IsEmpty)
        {
            parsed = new GoVersion(major, "0", "0", string.Empty, string.Empty);
            return true;
        }

        if (rest[0] != '.' || !TryNumber(ref rest, out var minor, skip: 1))
        {
            return false;
        }

        if (rest.IsEmpty)
        {
            parsed = new GoVersion(major, minor, "0", string.Empty, string.Empty);
            return true;
        }

        if (rest[0] != '.' || !TryNumber(ref rest, out var patch, skip: 1))
        {
            return false;
        }

        // Step 2: optional pre-release (numeric identifiers without leading zeros) and build metadata.
        var prerelease = string.Empty;
        if (!rest.IsEmpty && rest[0] == '-')
        {
            var end = rest.IndexOf('+');
            var text = end < 0 ? rest[1..] : rest[1..end];
            if (!SemVerGrammar.IsValidPrerelease(text))
            {
                return false;
            }

            prerelease = text.ToString();
            rest = end < 0 ? ReadOnlySpan<char>.Empty : rest[end..];
        }

        var build = string.Empty;
        if (!rest.IsEmpty)
        {
            if (rest[0] != '+' || !SemVerGrammar.IsValidBuild(rest[1..]))
            {
                return false;
            }

            build = rest[1..].ToString();
        }

        parsed = new GoVersion(major, minor, patch, prerelease, build);
        return true;
    }

    protected override int CompareParsed(GoVersion a, GoVersion b)
    {
        var rc = NumericText.Compare(a.Major, b.Major);
        if (rc == 0)
        {
            rc = NumericText.Compare(a.Minor, b.Minor);
        }

        if (rc == 0)
        {
            rc = NumericText.Compare(a.Patch, b.Patch);
        }

        if (rc != 0)
        {
            return rc;
        }

        // A version without pre-release is newer than any pre-release of it.
        if (a.Prerelease.Length == 0 || b.Prerelease.Length == 0)
        {
            return a.Prerelease.Length == 0 ? (b.Prerelease.Length == 0 ? 0 : 1) : -1;
        }

        return PrereleaseOrder.Compare(a.Prerelease, b.Prerelease);
    }

    /// <summary>Reads a number without leading zeros ("0" itself is allowed).</summary>
    private static bool TryNumber(ref ReadOnlySpan<char> rest, out string number, int skip = 0)
    {
        rest = rest[skip..];
        var i = 0;
        while (i < rest.Length && char.IsAsciiDigit(rest[i]))
        {
            i++;
        }

        number = rest[..i].ToString();
        rest = rest[i..];
        return i > 0 && (i == 1 || number[0] != '0');
    }
}
