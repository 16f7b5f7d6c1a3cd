using System.Text;
using System.Text.RegularExpressions;

namespace SageKeep.Server.ServiceModels;

/// <summary>
/// Compiles the Java-flavoured patterns of botocore models for .NET. AWS checks a pattern against the
/// whole value (Java <c>String.matches</c>), so the pattern is anchored with <c>\A(?:...)\z</c>.
/// Compilation uses <see cref="RegexOptions.NonBacktracking"/> (linear time, no ReDoS); a pattern that
/// needs backtracking constructs falls back to the backtracking engine with a short match timeout, and a
/// pattern .NET cannot parse at all is not checked (its count is pinned by a unit test).
/// </summary>
internal static class ModelPattern
{
    /// <summary>Bounds a backtracking match; a timeout counts as a failed pattern (fail closed).</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    // Java POSIX classes (java.util.regex.Pattern, "POSIX character classes (US-ASCII only)") that .NET
    // does not know, written as .NET class contents.
    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["Lower"] = "a-z",
        ["Upper"] = "A-Z",
        ["ASCII"] = "\\x00-\\x7F",
        ["Alpha"] = "a-zA-Z",
        ["Digit"] = "0-9",
        ["Alnum"] = "a-zA-Z0-9",
        ["Punct"] = "!-/:-@\\[-`{-~",
        ["Graph"] = "!-~",
        ["Print"] = " -~",
        ["Blank"] = " \\t",
        ["Cntrl"] = "\\x00-\\x1F\\x7F",
        ["XDigit"] = "0-9a-fA-F",
        ["Space"] = " \\t\\n\\x0B\\f\\r",
    };

    public static Regex? TryCompile(string? pattern)
    {
        if (pattern is null)
        {
            return null;
        }

        var translated = $"\\A(?:{Translate(pattern)})\\z";
        try
        {
            return new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException)
        {
            // Lookarounds, backreferences or atomic groups: fall back to the bounded backtracking engine.
        }
        catch (ArgumentException)
        {
            return null;
        }

        try
        {
            return new Regex(translated, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Rewrites Java-only syntax: POSIX <c>\p{Alnum}</c>-style classes, <c>\p{IsAlphabetic}</c>, the
    /// escaped underscore <c>\_</c> (Java allows escaping any non-letter; .NET refuses word characters),
    /// and the supplementary-plane range written as surrogate pairs <c>\uD800\uDC00-\uDBFF\uDFFF</c>
    /// (Java matches code points; .NET matches UTF-16 units, so the range becomes "any surrogate").
    /// </summary>
    private static string Translate(string pattern)
    {
        pattern = pattern
            .Replace("\\uD800\\uDC00-\\uDBFF\\uDFFF", "\\uD800-\\uDFFF", StringComparison.Ordinal)
            .Replace("\\_", "_", StringComparison.Ordinal);
        if (!pattern.Contains("\\p{", StringComparison.Ordinal) && !pattern.Contains("\\P{", StringComparison.Ordinal))
        {
            return pattern;
        }

        var builder = new StringBuilder(pattern.Length + 16);
        var inClass = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                if ((next == 'p' || next == 'P') && i + 2 < pattern.Length && pattern[i + 2] == '{')
                {
                    var close = pattern.IndexOf('}', i + 3);
                    if (close > 0)
                    {
                        var name = pattern[(i + 3)..close];
                        if (TryPosix(name, out var contents))
                        {
                            var negated = next == 'P';
                            builder.Append(inClass > 0 && !negated ? contents : $"[{(negated ? "^" : string.Empty)}{contents}]");
                            i = close;
                            continue;
                        }
                    }
                }

                builder.Append(c).Append(next);
                i++;
                continue;
            }

            if (c == '[')
            {
                inClass++;
            }
            else if (c == ']' && inClass > 0)
            {
                inClass--;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool TryPosix(string name, out string contents)
    {
        if (PosixClasses.TryGetValue(name, out contents!))
        {
            return true;
        }

        switch (name)
        {
            case "IsAlphabetic" or "javaLetter":
                contents = "\\p{L}\\p{Nl}";
                return true;
            case "IsDigit":
                contents = "\\p{Nd}";
                return true;
            case "javaLetterOrDigit" or "IsLetterOrDigit":
                contents = "\\p{L}\\p{Nd}";
                return true;
            default:
                contents = string.Empty;
                return false;
        }
    }
}
