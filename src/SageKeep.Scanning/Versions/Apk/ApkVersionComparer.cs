using System.Diagnostics.CodeAnalysis;

namespace SageKeep.Scanning.Versions.Apk;

/// <summary>
/// Alpine package versions, ordered as apk-tools orders them (apk-tools src/version.c, the
/// "Alpine version" grammar digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#}).
/// </summary>
/// <remarks>
/// Rules, as implemented by apk-tools 2.12+ and checked by hand-written cases:
/// the first number compares numerically; later dot-separated numbers compare numerically unless either
/// has a leading zero, in which case they compare as strings (Gentoo rule, so 1.01 &lt; 1.1);
/// a letter follows the numbers; suffixes _alpha &lt; _beta &lt; _pre &lt; _rc &lt; (none) &lt; _cvs &lt; _svn &lt; _git &lt; _hg &lt; _p,
/// each with an optional number; ~hash compares as a string; -rN is the package revision.
/// When one version is a prefix of the other, the longer one is newer unless its next token is a
/// pre-release suffix. Numbers compare without overflow (apk-tools uses 64-bit integers).
/// </remarks>
internal sealed class ApkVersionComparer : VersionComparer<string>
{
    public static ApkVersionComparer Instance { get; } = new();

    public override string Scheme => "apk";

    public override bool TryParse(string? version, [NotNullWhen(true)] out string? parsed)
    {
        parsed = null;
        if (string.IsNullOrEmpty(version) || version.Length > MaxLength)
        {
            return false;
        }

        var tokenizer = new ApkTokenizer(version);
        var token = tokenizer.Next();
        while (token.Kind < ApkTokenKind.End)
        {
            token = tokenizer.Next();
        }

        if (token.Kind != ApkTokenKind.End)
        {
            return false;
        }

        parsed = version;
        return true;
    }

    protected override int CompareParsed(string a, string b)
    {
        var ta = new ApkTokenizer(a);
        var tb = new ApkTokenizer(b);
        var x = ta.Next();
        var y = tb.Next();

        // Step 1: compare token by token while both have a token of the same kind.
        while (x.Kind == y.Kind && x.Kind < ApkTokenKind.End)
        {
            var rc = CompareTokens(a, x, b, y);
            if (rc != 0)
            {
                return rc;
            }

            x = ta.Next();
            y = tb.Next();
        }

        if (x.Kind == y.Kind)
        {
            return 0;
        }

        // Step 2: one has more: a pre-release suffix makes it older, anything else newer.
        if (x.Kind == ApkTokenKind.Suffix && x.Suffix < ApkSuffix.None)
        {
            return -1;
        }

        if (y.Kind == ApkTokenKind.Suffix && y.Suffix < ApkSuffix.None)
        {
            return 1;
        }

        // Step 3: otherwise the earlier token kind is the newer version (1.2.3 > 1.2a > 1.2_p1 > 1.2-r1 > 1.2).
        return x.Kind > y.Kind ? -1 : 1;
    }

    private static int CompareTokens(string a, ApkToken x, string b, ApkToken y)
    {
        var xs = a.AsSpan(x.Start, x.Length);
        var ys = b.AsSpan(y.Start, y.Length);
        switch (x.Kind)
        {
            case ApkTokenKind.Digit when xs[0] == '0' || ys[0] == '0':
                // Gentoo rule: a leading zero makes the component a decimal fraction, compared as text.
                return Math.Sign(xs.SequenceCompareTo(ys));
            case ApkTokenKind.Digit:
            case ApkTokenKind.InitialDigit:
            case ApkTokenKind.SuffixNumber:
            case ApkTokenKind.Revision:
                return NumericText.Compare(xs, ys);
            case ApkTokenKind.Suffix:
                return x.Suffix.CompareTo(y.Suffix);
            default:
                // Letters and commit hashes.
                return Math.Sign(xs.SequenceCompareTo(ys));
        }
    }
}
