namespace SageKeep.Security.Iam.Model;

/// <summary>
/// A constant glob compiled once. Fast paths: "*", no wildcards (one comparison), and star-only patterns,
/// matched as prefix + suffix + ordered substring searches (greedy leftmost search is exact when the
/// pattern has no '?'), which are vectorised; patterns with '?' use <see cref="Wildcard.Match"/>.
/// </summary>
internal sealed class WildcardPattern
{
    private readonly string _text;
    private readonly byte[] _kinds;
    private readonly StringComparison _comparison;
    private readonly bool _ignoreCase;
    private readonly bool _matchAll;
    private readonly bool _literal;
    private readonly string[]? _segments;

    public WildcardPattern(string text, byte[] kinds, bool ignoreCase)
    {
        _text = text;
        _kinds = kinds;
        _ignoreCase = ignoreCase;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        _matchAll = kinds.Length > 0 && kinds.All(k => k == Wildcard.Star);
        _literal = kinds.All(k => k == Wildcard.Literal);
        if (!_matchAll && !_literal && !kinds.Contains(Wildcard.AnyChar))
        {
            _segments = SplitAtStars(text, kinds);
        }
    }

    public string Text => _text;

    public static WildcardPattern Glob(string text, bool ignoreCase) => new(text, Wildcard.KindsOf(text), ignoreCase);

    public bool IsMatch(string value)
    {
        if (_matchAll)
        {
            return true;
        }

        if (_literal)
        {
            return string.Equals(_text, value, _comparison);
        }

        return _segments is { } segments ? MatchSegments(segments, value) : Wildcard.Match(_text, _kinds, value, _ignoreCase);
    }

    /// <summary>segments[0] is the prefix before the first star and segments[^1] the suffix after the last (either may be empty).</summary>
    private bool MatchSegments(string[] segments, ReadOnlySpan<char> value)
    {
        // Step 1: the literal prefix and suffix, which reject most candidates at once.
        var prefix = segments[0];
        var suffix = segments[^1];
        if (value.Length < prefix.Length + suffix.Length
            || !value.StartsWith(prefix, _comparison)
            || !value.EndsWith(suffix, _comparison))
        {
            return false;
        }

        // Step 2: the middle segments, in order, each at its leftmost position.
        var rest = value[prefix.Length..^suffix.Length];
        for (var i = 1; i < segments.Length - 1; i++)
        {
            var at = rest.IndexOf(segments[i], _comparison);
            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + segments[i].Length)..];
        }

        return true;
    }

    private static string[] SplitAtStars(string text, byte[] kinds)
    {
        var segments = new List<string>();
        var start = 0;
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == Wildcard.Star)
            {
                segments.Add(text[start..i]);
                start = i + 1;
            }
        }

        segments.Add(text[start..]);
        return [.. segments];
    }
}
