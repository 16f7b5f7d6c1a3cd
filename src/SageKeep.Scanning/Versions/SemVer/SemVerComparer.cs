using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SageKeep.Scanning.Versions.SemVer;

/// <summary>
/// SemVer 2.0.0 versions (semver.org §2, §9-§11) as npm's <c>semver</c> package parses them in strict mode:
/// optional leading "v", surrounding white space trimmed, numbers without leading zeros and at most
/// 2^53-1, build metadata ignored for precedence. Used for npm and Cargo.
/// </summary>
internal sealed class SemVerComparer : VersionComparer<SemVersion>
{
    /// <summary>npm semver's MAX_SAFE_INTEGER.</summary>
    public const long MaxNumber = 9007199254740991;

    public static SemVerComparer Instance { get; } = new();

    public override string Scheme => "semver";

    public override bool TryParse(string? version, [NotNullWhen(true)] out SemVersion? parsed)
    {
        parsed = null;
        if (version is null || version.Length > MaxLength)
        {
            return false;
        }

        var text = TrimJsSpace(version);
        if (!text.IsEmpty && text[0] == 'v')
        {
            text = text[1..];
        }

        // Step 1: MAJOR.MINOR.PATCH, each 0 or without leading zero.
        if (!TryNumber(ref text, out var major) || !Expect(ref text, '.')
            || !TryNumber(ref text, out var minor) || !Expect(ref text, '.')
            || !TryNumber(ref text, out var patch))
        {
            return false;
        }

        // Step 2: optional -prerelease, optional +build (ignored).
        var prerelease = ReadOnlySpan<char>.Empty;
        if (!text.IsEmpty && text[0] == '-')
        {
            var plus = text.IndexOf('+');
            prerelease = plus < 0 ? text[1..] : text[1..plus];
            if (!SemVerGrammar.IsValidPrerelease(prerelease))
            {
                return false;
            }

            text = plus < 0 ? ReadOnlySpan<char>.Empty : text[plus..];
        }

        if (!text.IsEmpty && (text[0] != '+' || !SemVerGrammar.IsValidBuild(text[1..])))
        {
            return false;
        }

        parsed = new SemVersion(major, minor, patch, prerelease.ToString());
        return true;
    }

    protected override int CompareParsed(SemVersion a, SemVersion b)
    {
        var rc = a.Major.CompareTo(b.Major);
        if (rc == 0)
        {
            rc = a.Minor.CompareTo(b.Minor);
        }

        if (rc == 0)
        {
            rc = a.Patch.CompareTo(b.Patch);
        }

        if (rc != 0)
        {
            return rc;
        }

        // §11.3: a pre-release has lower precedence than the normal version.
        if (!a.IsPrerelease || !b.IsPrerelease)
        {
            return a.IsPrerelease == b.IsPrerelease ? 0 : (a.IsPrerelease ? -1 : 1);
        }

        return PrereleaseOrder.Compare(a.Prerelease, b.Prerelease);
    }

    /// <summary>JavaScript's String.prototype.trim: Unicode white space and BOM, but not U+0085.</summary>
    internal static ReadOnlySpan<char> TrimJsSpace(ReadOnlySpan<char> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsJsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsJsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    internal static bool IsJsSpace(char c) => (char.IsWhiteSpace(c) && c != '\x85') || c == '\uFEFF';

    /// <summary>A number "0" or [1-9][0-9]*, at most <see cref="MaxNumber"/>.</summary>
    internal static bool TryNumber(ref ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == 0 || (i > 1 && text[0] == '0') || i > 16
            || !long.TryParse(text[..i], NumberStyles.None, CultureInfo.InvariantCulture, out value)
            || value > MaxNumber)
        {
            return false;
        }

        text = text[i..];
        return true;
    }

    private static bool Expect(ref ReadOnlySpan<char> text, char c)
    {
        if (text.IsEmpty || text[0] != c)
        {
            return false;
        }

        text = text[1..];
        return true;
    }
}
