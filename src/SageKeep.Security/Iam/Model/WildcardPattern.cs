namespace SageKeep.Security.Iam.Model;

/// <summary>A constant glob compiled once, with fast paths for "*" and for patterns without wildcards.</summary>
internal sealed class WildcardPattern
{
    private readonly string _text;
    private readonly byte[] _kinds;
    private readonly bool _ignoreCase;
    private readonly bool _matchAll;
    private readonly bool _literal;

    public WildcardPattern(string text, byte[] kinds, bool ignoreCase)
    {
        _text = text;
        _kinds = kinds;
        _ignoreCase = ignoreCase;
        _matchAll = kinds.Length > 0 && kinds.All(k => k == Wildcard.Star);
        _literal = kinds.All(k => k == Wildcard.Literal);
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
            return string.Equals(_text, value, _ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        }

        return Wildcard.Match(_text, _kinds, value, _ignoreCase);
    }
}
