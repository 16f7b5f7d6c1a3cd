namespace SageKeep.Security.Iam.Model;

/// <summary>
/// Glob matching as IAM does it for Action, Resource, StringLike and ArnLike: <c>*</c> matches any run
/// of characters (including ':' and '/'), <c>?</c> exactly one. A separate kind array marks which pattern
/// characters are wildcards, so <c>${*}</c> and <c>${?}</c> can stand for literal characters.
/// </summary>
internal static class Wildcard
{
    public const byte Literal = 0;
    public const byte Star = 1;
    public const byte AnyChar = 2;

    /// <summary>Kinds for a pattern where every '*' and '?' is a wildcard.</summary>
    public static byte[] KindsOf(string pattern)
    {
        var kinds = new byte[pattern.Length];
        for (var i = 0; i < pattern.Length; i++)
        {
            kinds[i] = pattern[i] switch
            {
                '*' => Star,
                '?' => AnyChar,
                _ => Literal,
            };
        }

        return kinds;
    }

    /// <summary>
    /// Iterative match with one backtrack point (the last star): O(pattern × text) at worst, no
    /// recursion and no allocation, so hostile patterns cannot blow the stack.
    /// </summary>
    public static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<byte> kinds, ReadOnlySpan<char> text, bool ignoreCase)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && kinds[p] == Star)
            {
                starP = p++;
                starT = t;
            }
            else if (p < pattern.Length && (kinds[p] == AnyChar || CharEquals(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && kinds[p] == Star)
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool CharEquals(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
