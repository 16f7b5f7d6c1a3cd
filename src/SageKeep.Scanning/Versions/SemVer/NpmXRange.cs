namespace SageKeep.Scanning.Versions.SemVer;

/// <summary>
/// The parts of an npm "x-range" operand: [v=]*MAJOR[.MINOR[.PATCH[-pre][+build]]], where each number
/// may be x, X or * (node-semver's XRANGEPLAIN, matched by hand). Missing parts are empty strings.
/// </summary>
/// <param name="Major">Major, "x"/"X"/"*" or a number.</param>
/// <param name="Minor">Minor or empty.</param>
/// <param name="Patch">Patch or empty.</param>
/// <param name="Prerelease">Pre-release without '-', or empty.</param>
internal readonly record struct NpmXRange(string Major, string Minor, string Patch, string Prerelease)
{
    public static bool IsX(string id) => id.Length == 0 || id is "x" or "X" or "*";

    /// <summary>Matches the whole of <paramref name="text"/> as an x-range operand.</summary>
    public static bool TryMatch(ReadOnlySpan<char> text, out NpmXRange range)
    {
        range = default;
        var i = 0;
        while (i < text.Length && (text[i] is 'v' or '=' || SemVerComparer.IsJsSpace(text[i])))
        {
            i++;
        }

        if (!TryId(text, ref i, out var major))
        {
            return false;
        }

        string minor = string.Empty, patch = string.Empty, prerelease = string.Empty;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            if (!TryId(text, ref i, out minor))
            {
                return false;
            }

            if (i < text.Length && text[i] == '.')
            {
                i++;
                if (!TryId(text, ref i, out patch))
                {
                    return false;
                }

                if (i < text.Length && text[i] == '-')
                {
                    var end = text[i..].IndexOf('+');
                    var pre = end < 0 ? text[(i + 1)..] : text[(i + 1)..(i + end)];
                    if (!SemVerGrammar.IsValidPrerelease(pre))
                    {
                        return false;
                    }

                    prerelease = pre.ToString();
                    i += 1 + pre.Length;
                }

                if (i < text.Length && text[i] == '+')
                {
                    if (!SemVerGrammar.IsValidBuild(text[(i + 1)..]))
                    {
                        return false;
                    }

                    i = text.Length;
                }
            }
        }

        if (i != text.Length)
        {
            return false;
        }

        range = new NpmXRange(major, minor, patch, prerelease);
        return true;
    }

    /// <summary>"0", [1-9][0-9]*, x, X or *.</summary>
    private static bool TryId(ReadOnlySpan<char> text, ref int i, out string id)
    {
        id = string.Empty;
        if (i >= text.Length)
        {
            return false;
        }

        var c = text[i];
        if (c is 'x' or 'X' or '*' or '0')
        {
            id = c.ToString();
            i++;
            return true;
        }

        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        id = text[start..i].ToString();
        return i > start;
    }
}
