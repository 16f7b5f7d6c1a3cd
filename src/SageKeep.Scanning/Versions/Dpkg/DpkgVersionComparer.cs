using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SageKeep.Scanning.Versions.Dpkg;

/// <summary>
/// Debian package versions, ordered as <c>dpkg --compare-versions</c> orders them
/// (deb-version(7); dpkg lib/dpkg/version.c verrevcmp, lib/dpkg/parsehelp.c parseversion).
/// </summary>
/// <remarks>
/// Valid means dpkg parses the string without an error: dpkg only warns about a version that does not
/// start with a digit or has characters outside its alphabet, and still compares it, so those are
/// valid here too. Errors (empty, embedded blanks, bad epoch, empty upstream or revision) are invalid.
/// Characters outside printable ASCII are refused (dpkg would compare raw bytes; no real package uses them).
/// </remarks>
internal sealed class DpkgVersionComparer : VersionComparer<DpkgVersion>
{
    public static DpkgVersionComparer Instance { get; } = new();

    public override string Scheme => "dpkg";

    public override bool TryParse(string? version, [NotNullWhen(true)] out DpkgVersion? parsed)
    {
        parsed = null;
        if (version is null || version.Length > MaxLength)
        {
            return false;
        }

        // Step 1: trim blanks (space, tab) at both ends; a blank inside is an error.
        var text = version.AsSpan().Trim(" \t");
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is ' ' or '\t' || c < '!' || c > '~')
            {
                return false;
            }
        }

        // Step 2: the epoch is everything before the first ':' and must be a number (strtol: optional sign).
        var epoch = 0;
        var colon = text.IndexOf(':');
        if (colon >= 0)
        {
            if (!TryParseEpoch(text[..colon], out epoch) || colon == text.Length - 1)
            {
                return false;
            }

            text = text[(colon + 1)..];
        }

        // Step 3: the revision is everything after the last '-', and must not be empty.
        var revision = ReadOnlySpan<char>.Empty;
        var hyphen = text.LastIndexOf('-');
        if (hyphen >= 0)
        {
            revision = text[(hyphen + 1)..];
            text = text[..hyphen];
            if (revision.IsEmpty)
            {
                return false;
            }
        }

        if (text.IsEmpty)
        {
            return false;
        }

        parsed = new DpkgVersion(epoch, text.ToString(), revision.ToString());
        return true;
    }

    protected override int CompareParsed(DpkgVersion a, DpkgVersion b)
    {
        if (a.Epoch != b.Epoch)
        {
            return a.Epoch < b.Epoch ? -1 : 1;
        }

        var upstream = VerRevCmp(a.Upstream, b.Upstream);
        return upstream != 0 ? upstream : VerRevCmp(a.Revision, b.Revision);
    }

    /// <summary>
    /// deb-version(7) comparison of one part: alternate non-digit runs (compared character by character
    /// with <see cref="Order"/>) and digit runs (compared numerically); "~" sorts before everything,
    /// even the end of the string.
    /// </summary>
    internal static int VerRevCmp(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var i = 0;
        var j = 0;
        while (i < a.Length || j < b.Length)
        {
            // Step 1: the non-digit prefix, one character at a time; the end of a string orders as 0.
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var ac = i < a.Length ? Order(a[i]) : 0;
                var bc = j < b.Length ? Order(b[j]) : 0;
                if (ac != bc)
                {
                    return ac - bc;
                }

                i++;
                j++;
            }

            // Step 2: the digit run, numerically.
            var aStart = i;
            while (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                i++;
            }

            var bStart = j;
            while (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                j++;
            }

            var numeric = NumericText.Compare(a[aStart..i], b[bStart..j]);
            if (numeric != 0)
            {
                return numeric;
            }
        }

        return 0;
    }

    /// <summary>Weight of a non-digit character: '~' first, then end of string, letters, then the rest.</summary>
    private static int Order(char c) => c switch
    {
        '~' => -1,
        _ when char.IsAsciiDigit(c) => 0,
        _ when char.IsAsciiLetter(c) => c,
        _ => c + 256,
    };

    private static bool TryParseEpoch(ReadOnlySpan<char> text, out int epoch)
    {
        epoch = 0;
        if (!text.IsEmpty && (text[0] == '+' || text[0] == '-'))
        {
            var negative = text[0] == '-';
            text = text[1..];
            if (negative && !NumericText.IsZero(text))
            {
                return false;
            }
        }

        if (!NumericText.IsDigits(text))
        {
            return false;
        }

        var digits = NumericText.TrimZeros(text);
        if (digits.Length > 10 || !int.TryParse(digits.IsEmpty ? "0".AsSpan() : digits, NumberStyles.None, CultureInfo.InvariantCulture, out epoch))
        {
            return false;
        }

        return true;
    }
}
