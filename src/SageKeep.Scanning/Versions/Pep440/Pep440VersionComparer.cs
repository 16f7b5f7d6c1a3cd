using System.Diagnostics.CodeAnalysis;

namespace SageKeep.Scanning.Versions.Pep440;

/// <summary>
/// Python package versions ordered per PEP 440 "Summary of permitted suffixes and relative ordering",
/// exactly as pip's <c>packaging.version.Version</c> orders them.
/// </summary>
/// <remarks>
/// Order: epoch; release with trailing zeros ignored; then dev-only releases &lt; pre-releases (a &lt; b &lt; rc,
/// by number) &lt; final; then no post &lt; post (by number); then dev &lt; no dev; then no local &lt; local, local
/// parts compared one by one with text parts before numeric parts.
/// </remarks>
internal sealed class Pep440VersionComparer : VersionComparer<Pep440Version>
{
    public static Pep440VersionComparer Instance { get; } = new();

    public override string Scheme => "pep440";

    public override bool TryParse(string? version, [NotNullWhen(true)] out Pep440Version? parsed)
    {
        parsed = null;
        if (version is null || version.Length > MaxLength)
        {
            return false;
        }

        parsed = Pep440Parser.Parse(version);
        return parsed is not null;
    }

    protected override int CompareParsed(Pep440Version a, Pep440Version b)
    {
        var rc = NumericText.Compare(a.Epoch, b.Epoch);
        if (rc != 0)
        {
            return rc;
        }

        rc = CompareRelease(a.Release, b.Release);
        if (rc != 0)
        {
            return rc;
        }

        rc = PreRank(a).CompareTo(PreRank(b));
        if (rc == 0 && a.PreLabel is not null)
        {
            rc = string.CompareOrdinal(a.PreLabel, b.PreLabel);
            if (rc == 0)
            {
                rc = NumericText.Compare(a.PreNumber, b.PreNumber);
            }
        }

        if (rc != 0)
        {
            return rc;
        }

        rc = CompareOptional(a.Post, b.Post, missingIsHigher: false);
        if (rc != 0)
        {
            return rc;
        }

        rc = CompareOptional(a.Dev, b.Dev, missingIsHigher: true);
        return rc != 0 ? rc : CompareLocal(a.Local, b.Local);
    }

    /// <summary>0: dev release without pre or post (sorts first); 1: has a pre-release; 2: none.</summary>
    private static int PreRank(Pep440Version v) =>
        v.PreLabel is not null ? 1 : (v.Post is null && v.Dev is not null ? 0 : 2);

    internal static int CompareRelease(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var count = Math.Max(a.Count, b.Count);
        for (var i = 0; i < count; i++)
        {
            var rc = NumericText.Compare(i < a.Count ? a[i] : string.Empty, i < b.Count ? b[i] : string.Empty);
            if (rc != 0)
            {
                return rc;
            }
        }

        return 0;
    }

    private static int CompareOptional(string? a, string? b, bool missingIsHigher)
    {
        if (a is null || b is null)
        {
            if (a is null && b is null)
            {
                return 0;
            }

            var aHigher = (a is null) == missingIsHigher;
            return aHigher ? 1 : -1;
        }

        return NumericText.Compare(a, b);
    }

    private static int CompareLocal(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var count = Math.Min(a.Count, b.Count);
        for (var i = 0; i < count; i++)
        {
            var aNum = a[i].Length == 0 || NumericText.IsDigits(a[i]);
            var bNum = b[i].Length == 0 || NumericText.IsDigits(b[i]);
            int rc;
            if (aNum && bNum)
            {
                rc = NumericText.Compare(a[i], b[i]);
            }
            else if (aNum != bNum)
            {
                rc = aNum ? 1 : -1;
            }
            else
            {
                rc = string.CompareOrdinal(a[i], b[i]);
            }

            if (rc != 0)
            {
                return rc;
            }
        }

        return a.Count.CompareTo(b.Count);
    }
}
