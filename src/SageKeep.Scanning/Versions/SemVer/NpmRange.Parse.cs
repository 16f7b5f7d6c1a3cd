using System.Globalization;
using System.Text;

namespace SageKeep.Scanning.Versions.SemVer;

/// <summary>
/// Range parsing, step for step as node-semver's Range.parseRange rewrites the text (by hand, without
/// regular expressions): strip build metadata, expand a hyphen range, glue operators to their operands,
/// expand ^, ~ and x-ranges into primitive comparators, then parse each comparator.
/// </summary>
internal sealed partial class NpmRange
{
    /// <summary>Parses a range; null when node-semver would throw "Invalid SemVer Range"/"Invalid comparator".</summary>
    public static NpmRange? Parse(string? text)
    {
        if (text is null || text.Length > MaxLength)
        {
            return null;
        }

        // Step 1: trim, collapse white space, split on "||".
        var raw = CollapseSpaces(SemVerComparer.TrimJsSpace(text).ToString());
        var parts = raw.Split("||");
        if (parts.Length > MaxSets)
        {
            return null;
        }

        var sets = new List<IReadOnlyList<NpmComparator>>();
        foreach (var part in parts)
        {
            var set = ParseSet(SemVerComparer.TrimJsSpace(part).ToString());
            if (set is null)
            {
                return null;
            }

            sets.Add(set);
        }

        // Step 2: with several sets, drop the empty ones (keeping one if all are), and a lone "*" set wins.
        if (sets.Count > 1)
        {
            var first = sets[0];
            sets.RemoveAll(s => s[0].IsNullSet);
            if (sets.Count == 0)
            {
                sets.Add(first);
            }
            else if (sets.Count > 1 && sets.FirstOrDefault(s => s.Count == 1 && s[0].IsAny) is { } any)
            {
                sets = [any];
            }
        }

        return new NpmRange(sets);
    }

    private static List<NpmComparator>? ParseSet(string range)
    {
        // Step 1: build metadata is ignored everywhere; a whole-set hyphen range becomes two comparators.
        range = StripBuild(range);
        range = HyphenRange(range) ?? range;

        // Step 2: glue operators to their operands ("&gt;= 1.2" -&gt; "&gt;=1.2", "~ 1" -&gt; "~1", "^ 1" -&gt; "^1").
        range = GlueOperators(range);

        // Step 3: expand each token into primitive comparators.
        var expanded = new StringBuilder();
        foreach (var token in range.Split(' '))
        {
            expanded.Append(ExpandToken(token)).Append(' ');
        }

        // Step 4: parse every comparator (any malformed one makes the range invalid); ">=0.0.0" and ""
        // mean any version; a set containing "<0.0.0-0" matches nothing.
        var comparators = new List<NpmComparator>();
        foreach (var token in SplitSpaces(expanded.ToString()))
        {
            var comparator = token == ">=0.0.0" ? new NpmComparator(string.Empty, null) : ParseComparator(token);
            if (comparator is null)
            {
                return null;
            }

            comparators.Add(comparator);
        }

        if (comparators.FirstOrDefault(c => c.IsNullSet) is { } nullSet)
        {
            return [nullSet];
        }

        var nonAny = comparators.Where(c => !c.IsAny).ToList();
        return nonAny.Count > 0 ? nonAny : [new NpmComparator(string.Empty, null)];
    }

    /// <summary>[&lt;|&gt;][=] then a strict SemVer version (optional "v"), or "" for any.</summary>
    private static NpmComparator? ParseComparator(string token)
    {
        if (token.Length == 0)
        {
            return new NpmComparator(string.Empty, null);
        }

        var op = token.StartsWith("<=", StringComparison.Ordinal) || token.StartsWith(">=", StringComparison.Ordinal) ? token[..2]
            : token[0] is '<' or '>' or '=' ? token[..1]
            : string.Empty;
        var version = token[op.Length..];
        if (version.Length == 0 || SemVerComparer.IsJsSpace(version[0]) || !SemVerComparer.Instance.TryParse(version, out var parsed))
        {
            return null;
        }

        return new NpmComparator(op == "=" ? string.Empty : op, parsed);
    }

    private static string ExpandToken(string token)
    {
        // node-semver order: carets, tildes, x-ranges, then a stray "*" is dropped.
        var result = ExpandCaret(token);
        result = string.Join(' ', SplitSpaces(result).Select(ExpandTilde));
        result = string.Join(' ', SplitSpaces(result).Select(ExpandXRange));
        return DropStar(result);
    }

    /// <summary>
    /// number + 1. Past 2^53-1 the result is 2^53, which no SemVer version accepts, so the range is then
    /// refused, as node-semver refuses it.
    /// </summary>
    private static string Inc(string number) =>
        long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value < SemVerComparer.MaxNumber
            ? (value + 1).ToString(CultureInfo.InvariantCulture)
            : (SemVerComparer.MaxNumber + 1).ToString(CultureInfo.InvariantCulture);
}
