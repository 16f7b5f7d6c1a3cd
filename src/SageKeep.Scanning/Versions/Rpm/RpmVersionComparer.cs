using System.Diagnostics.CodeAnalysis;

namespace SageKeep.Scanning.Versions.Rpm;

/// <summary>
/// rpm EVR strings ([epoch:]version[-release]) ordered as rpm's <c>rpmverCmp</c> orders them
/// (rpmio/rpmver.c, rpmvercmp in rpmio/rpmvercmp.c; the same as Lua <c>rpm.vercmp</c>).
/// </summary>
/// <remarks>
/// A missing release compares as an empty one, as rpm's vercmp does ("1.0" &lt; "1.0-1", but "1.0" &gt; "1.0-~1").
/// Only the empty string (rpm refuses it) and over-long or non-printable-ASCII strings are invalid.
/// </remarks>
internal sealed class RpmVersionComparer : VersionComparer<RpmVersion>
{
    public static RpmVersionComparer Instance { get; } = new();

    public override string Scheme => "rpm";

    public override bool TryParse(string? version, [NotNullWhen(true)] out RpmVersion? parsed)
    {
        parsed = null;
        if (string.IsNullOrEmpty(version) || version.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in version)
        {
            if (c < ' ' || c > '~')
            {
                return false;
            }
        }

        // parseEVR: the epoch is a leading run of digits ended by ':'; the release follows the last '-'
        // found after that run of digits.
        var text = version.AsSpan();
        var s = 0;
        while (s < text.Length && char.IsAsciiDigit(text[s]))
        {
            s++;
        }

        var epoch = "0";
        var versionStart = 0;
        if (s < text.Length && text[s] == ':')
        {
            epoch = s == 0 ? "0" : text[..s].ToString();
            versionStart = s + 1;
        }

        var lastHyphen = text[s..].LastIndexOf('-');
        string? release = null;
        var versionEnd = text.Length;
        if (lastHyphen >= 0)
        {
            versionEnd = s + lastHyphen;
            release = text[(versionEnd + 1)..].ToString();
        }

        var versionPart = versionEnd >= versionStart ? text[versionStart..versionEnd].ToString() : string.Empty;
        parsed = new RpmVersion(epoch, versionPart, release);
        return true;
    }

    protected override int CompareParsed(RpmVersion a, RpmVersion b)
    {
        var rc = RpmVerCmp(a.Epoch, b.Epoch);
        if (rc == 0)
        {
            rc = RpmVerCmp(a.Version, b.Version);
        }

        if (rc == 0)
        {
            rc = RpmVerCmp(a.Release ?? string.Empty, b.Release ?? string.Empty);
        }

        return rc;
    }

    /// <summary>
    /// rpmvercmp: walk alphanumeric segments separated by anything else; '~' sorts before everything
    /// (even the end), '^' sorts after the end of the other string but before any further segment;
    /// digit segments beat letter segments and compare numerically; letter segments compare ordinally.
    /// </summary>
    internal static int RpmVerCmp(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.SequenceEqual(b))
        {
            return 0;
        }

        var i = 0;
        var j = 0;
        while (i < a.Length || j < b.Length)
        {
            // Step 1: skip separators (anything that is not alphanumeric, '~' or '^').
            while (i < a.Length && IsSeparator(a[i]))
            {
                i++;
            }

            while (j < b.Length && IsSeparator(b[j]))
            {
                j++;
            }

            var ca = i < a.Length ? a[i] : '\0';
            var cb = j < b.Length ? b[j] : '\0';

            // Step 2: tilde sorts before everything else.
            if (ca == '~' || cb == '~')
            {
                if (ca != '~')
                {
                    return 1;
                }

                if (cb != '~')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            // Step 3: caret is like tilde, except that the end of the other string sorts lower.
            if (ca == '^' || cb == '^')
            {
                if (i >= a.Length)
                {
                    return -1;
                }

                if (j >= b.Length)
                {
                    return 1;
                }

                if (ca != '^')
                {
                    return 1;
                }

                if (cb != '^')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            // Step 4: one side ended: decided after the loop.
            if (i >= a.Length || j >= b.Length)
            {
                break;
            }

            // Step 5: take a segment of the kind (digits or letters) that starts the left side.
            var isNumber = char.IsAsciiDigit(ca);
            var aStart = i;
            var bStart = j;
            if (isNumber)
            {
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }
            }
            else
            {
                while (i < a.Length && char.IsAsciiLetter(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiLetter(b[j]))
                {
                    j++;
                }
            }

            // Step 6: segments of different kinds: the numeric one is newer.
            if (j == bStart)
            {
                return isNumber ? 1 : -1;
            }

            var rc = isNumber
                ? NumericText.Compare(a[aStart..i], b[bStart..j])
                : Math.Sign(a[aStart..i].SequenceCompareTo(b[bStart..j]));
            if (rc != 0)
            {
                return rc;
            }
        }

        // Step 7: equal segments; whichever string has characters left wins.
        if (i >= a.Length && j >= b.Length)
        {
            return 0;
        }

        return i >= a.Length ? -1 : 1;
    }

    private static bool IsSeparator(char c) => !char.IsAsciiLetterOrDigit(c) && c != '~' && c != '^';
}
