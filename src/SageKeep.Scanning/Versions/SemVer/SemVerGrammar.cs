namespace SageKeep.Scanning.Versions.SemVer;

/// <summary>SemVer 2.0.0 §9 and §10 identifier rules, shared by SemVer and Go.</summary>
internal static class SemVerGrammar
{
    /// <summary>Dot-separated, non-empty [0-9A-Za-z-] identifiers; numeric ones without leading zeros.</summary>
    public static bool IsValidPrerelease(ReadOnlySpan<char> text) => IsValidIdentifiers(text, numericWithoutLeadingZero: true);

    /// <summary>Dot-separated, non-empty [0-9A-Za-z-] identifiers; leading zeros allowed.</summary>
    public static bool IsValidBuild(ReadOnlySpan<char> text) => IsValidIdentifiers(text, numericWithoutLeadingZero: false);

    /// <summary>True when c may appear in an identifier.</summary>
    public static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private static bool IsValidIdentifiers(ReadOnlySpan<char> text, bool numericWithoutLeadingZero)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var range in text.Split('.'))
        {
            var id = text[range];
            if (id.IsEmpty)
            {
                return false;
            }

            foreach (var c in id)
            {
                if (!IsIdentifierChar(c))
                {
                    return false;
                }
            }

            if (numericWithoutLeadingZero && id.Length > 1 && id[0] == '0' && NumericText.IsDigits(id))
            {
                return false;
            }
        }

        return true;
    }
}
