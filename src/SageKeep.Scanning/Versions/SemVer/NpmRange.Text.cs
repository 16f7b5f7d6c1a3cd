using System.Text;

namespace SageKeep.Scanning.Versions.SemVer;

/// <summary>Text functions for range parsing: white space, build metadata, operator gluing.</summary>
internal sealed partial class NpmRange
{
    private static string CollapseSpaces(string text)
    {
        var result = new StringBuilder(text.Length);
        var inSpace = false;
        foreach (var c in text)
        {
            if (SemVerComparer.IsJsSpace(c))
            {
                if (!inSpace)
                {
                    result.Append(' ');
                }

                inSpace = true;
            }
            else
            {
                result.Append(c);
                inSpace = false;
            }
        }

        return result.ToString();
    }

    /// <summary>JavaScript's split(/\s+/): leading or trailing space gives an empty first or last token.</summary>
    private static string[] SplitSpaces(string text) => CollapseSpaces(text).Split(' ');

    /// <summary>Removes every "+ident(.ident)*" (build metadata) from the text.</summary>
    private static string StripBuild(string text)
    {
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '+' && i + 1 < text.Length && SemVerGrammar.IsIdentifierChar(text[i + 1]))
            {
                i++;
                while (i < text.Length && SemVerGrammar.IsIdentifierChar(text[i]))
                {
                    i++;
                }

                while (i + 1 < text.Length && text[i] == '.' && SemVerGrammar.IsIdentifierChar(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && SemVerGrammar.IsIdentifierChar(text[i]))
                    {
                        i++;
                    }
                }

                continue;
            }

            result.Append(text[i]);
            i++;
        }

        return result.ToString();
    }

    /// <summary>
    /// Removes the space between an operator and its operand: "&gt;= 1.2" (comparators), "~ 1.2" and
    /// "~&gt; 1.2" (both become "~1.2"), "^ 1.2".
    /// </summary>
    private static string GlueOperators(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            result.Append(c);
            if (c is not ('<' or '>' or '=' or '~' or '^'))
            {
                continue;
            }

            // A following '=' belongs to the operator ("<=", ">=").
            if (c is '<' or '>' && i + 1 < text.Length && text[i + 1] == '=')
            {
                continue;
            }

            if (i + 1 >= text.Length || text[i + 1] != ' ')
            {
                continue;
            }

            var next = i + 2;
            if (c is '~' or '^')
            {
                i++;
                continue;
            }

            // Comparators are glued only to something that starts an operand: [v=]* then a digit, x, X or *.
            var j = next;
            while (j < text.Length && text[j] is 'v' or '=')
            {
                j++;
            }

            if (j < text.Length && (char.IsAsciiDigit(text[j]) || text[j] is 'x' or 'X' or '*'))
            {
                i++;
            }
        }

        return result.ToString();
    }

    /// <summary>node-semver's replaceStars: the first "[&lt;|&gt;][=]*" (with spaces before the star) is removed.</summary>
    private static string DropStar(string text)
    {
        var trimmed = text.Trim();
        var star = trimmed.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return trimmed;
        }

        var start = star;
        while (start > 0 && trimmed[start - 1] == ' ')
        {
            start--;
        }

        if (start > 0 && trimmed[start - 1] == '=')
        {
            start--;
        }

        if (start > 0 && trimmed[start - 1] is '<' or '>')
        {
            start--;
        }

        return trimmed[..start] + trimmed[(star + 1)..];
    }
}
