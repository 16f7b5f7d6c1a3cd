namespace SageKeep.Scanning.Versions.SemVer;

/// <summary>
/// SemVer 2.0.0 §11 precedence of pre-release identifiers, shared by SemVer, Go and NuGet:
/// numeric identifiers compare numerically and sort before alphanumeric ones; a longer list wins
/// when all earlier identifiers are equal.
/// </summary>
internal static class PrereleaseOrder
{
    /// <summary>Compares dot-separated pre-release strings (both non-empty).</summary>
    /// <param name="a">Left pre-release, without the leading '-'.</param>
    /// <param name="b">Right pre-release, without the leading '-'.</param>
    /// <param name="ignoreCase">NuGet compares labels case-insensitively.</param>
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool ignoreCase = false)
    {
        while (true)
        {
            var aDot = a.IndexOf('.');
            var bDot = b.IndexOf('.');
            var x = aDot < 0 ? a : a[..aDot];
            var y = bDot < 0 ? b : b[..bDot];
            var rc = CompareIdentifier(x, y, ignoreCase);
            if (rc != 0)
            {
                return rc;
            }

            if (aDot < 0 || bDot < 0)
            {
                return aDot < 0 ? (bDot < 0 ? 0 : -1) : 1;
            }

            a = a[(aDot + 1)..];
            b = b[(bDot + 1)..];
        }
    }

    private static int CompareIdentifier(ReadOnlySpan<char> x, ReadOnlySpan<char> y, bool ignoreCase)
    {
        var xNum = NumericText.IsDigits(x);
        var yNum = NumericText.IsDigits(y);
        if (xNum && yNum)
        {
            return NumericText.Compare(x, y);
        }

        if (xNum != yNum)
        {
            return xNum ? -1 : 1;
        }

        return ignoreCase
            ? Math.Sign(CompareOrdinalIgnoreCase(x, y))
            : Math.Sign(x.SequenceCompareTo(y));
    }

    private static int CompareOrdinalIgnoreCase(ReadOnlySpan<char> x, ReadOnlySpan<char> y) =>
        x.CompareTo(y, StringComparison.OrdinalIgnoreCase);
}
