namespace SageKeep.Scanning.Versions;

/// <summary>
/// Compares runs of ASCII digits as unbounded non-negative integers, without parsing them,
/// so that no version component can overflow (rpmvercmp and dpkg do the same).
/// </summary>
internal static class NumericText
{
    /// <summary>Compares two digit runs numerically: leading zeros ignored, then longer is larger, then ordinal.</summary>
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = TrimZeros(a);
        b = TrimZeros(b);
        if (a.Length != b.Length)
        {
            return a.Length < b.Length ? -1 : 1;
        }

        return Math.Sign(a.SequenceCompareTo(b));
    }

    /// <summary>Removes leading '0' characters.</summary>
    public static ReadOnlySpan<char> TrimZeros(ReadOnlySpan<char> digits)
    {
        var i = 0;
        while (i < digits.Length && digits[i] == '0')
        {
            i++;
        }

        return digits[i..];
    }

    /// <summary>True when every character is an ASCII digit and there is at least one.</summary>
    public static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the digit run is zero (all '0').</summary>
    public static bool IsZero(ReadOnlySpan<char> digits) => TrimZeros(digits).IsEmpty;
}
