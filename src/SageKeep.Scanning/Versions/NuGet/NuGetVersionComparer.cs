using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SageKeep.Scanning.Versions.NuGet;

/// <summary>
/// NuGet package versions ordered as NuGet's default version comparer orders them
/// (docs: "NuGet package version reference", SemVer 2.0.0 with NuGet's extensions).
/// </summary>
/// <remarks>
/// One to four numeric parts (missing ones are 0, leading zeros ignored, each within Int32); release labels
/// compare identifier by identifier, numeric labels numerically and before text labels, text labels
/// case-insensitively; build metadata after '+' is ignored. Surrounding white space is trimmed as
/// NuGet does.
/// </remarks>
internal sealed class NuGetVersionComparer : VersionComparer<NuGetVersion>
{
    public static NuGetVersionComparer Instance { get; } = new();

    public override string Scheme => "nuget";

    public override bool TryParse(string? version, [NotNullWhen(true)] out NuGetVersion? parsed)
    {
        parsed = null;
        if (version is null || version.Length > MaxLength)
        {
            return false;
        }

        var text = version.AsSpan().Trim();

        // Step 1: metadata after the first '+', release labels after the first '-' before it.
        var plus = text.IndexOf('+');
        if (plus >= 0)
        {
            if (!AreValidLabels(text[(plus + 1)..], numericWithoutLeadingZero: false))
            {
                return false;
            }

            text = text[..plus];
        }

        var release = ReadOnlySpan<char>.Empty;
        var dash = text.IndexOf('-');
        if (dash >= 0)
        {
            release = text[(dash + 1)..];
            if (!AreValidLabels(release, numericWithoutLeadingZero: true))
            {
                return false;
            }

            text = text[..dash];
        }

        // Step 2: one to four dot-separated numbers.
        Span<int> parts = stackalloc int[4];
        var count = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (count == 4 || !NumericText.IsDigits(part)
                || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out parts[count]))
            {
                return false;
            }

            count++;
        }

        parsed = new NuGetVersion(parts[0], parts[1], parts[2], parts[3], release.ToString());
        return true;
    }

    protected override int CompareParsed(NuGetVersion a, NuGetVersion b)
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

        if (rc == 0)
        {
            rc = a.Revision.CompareTo(b.Revision);
        }

        if (rc != 0)
        {
            return rc;
        }

        if (a.Release.Length == 0 || b.Release.Length == 0)
        {
            return a.Release.Length == 0 ? (b.Release.Length == 0 ? 0 : 1) : -1;
        }

        return CompareLabels(a.Release, b.Release);
    }

    private static int CompareLabels(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var ae = a.Split('.');
        var be = b.Split('.');
        while (true)
        {
            var aHas = ae.MoveNext();
            var bHas = be.MoveNext();
            if (!aHas || !bHas)
            {
                return aHas == bHas ? 0 : (aHas ? 1 : -1);
            }

            var rc = CompareLabel(a[ae.Current], b[be.Current]);
            if (rc != 0)
            {
                return rc;
            }
        }
    }

    /// <summary>A label is numeric when it parses as an Int32 (as in NuGet); numeric sorts first.</summary>
    private static int CompareLabel(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        var xNum = int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var xv);
        var yNum = int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yv);
        if (xNum && yNum)
        {
            return xv.CompareTo(yv);
        }

        if (xNum != yNum)
        {
            return xNum ? -1 : 1;
        }

        return Math.Sign(x.CompareTo(y, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>SemVer 2.0.0 §9/§10: non-empty [0-9A-Za-z-] identifiers; release numbers without leading zeros.</summary>
    private static bool AreValidLabels(ReadOnlySpan<char> text, bool numericWithoutLeadingZero)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var range in text.Split('.'))
        {
            var label = text[range];
            if (label.IsEmpty)
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            if (numericWithoutLeadingZero && label.Length > 1 && label[0] == '0' && NumericText.IsDigits(label))
            {
                return false;
            }
        }

        return true;
    }
}
