namespace SageKeep.Scanning.Versions.Pep440;

/// <summary>
/// Hand-written reader for the PEP 440 version grammar as pip's <c>packaging</c> accepts it
/// (PEP 440 "Appendix B: Parsing version strings with regular expressions", including every
/// spelling normalised in the "Normalization" section: v prefix, alpha/beta/c/pre/preview,
/// rev/r, "-N" implicit post release, separators '-', '_', '.', implicit zero numbers).
/// </summary>
internal ref struct Pep440Parser
{
    private static readonly string[] PreLabels = ["preview", "alpha", "beta", "pre", "rc", "a", "b", "c"];
    private static readonly string[] PostLabels = ["post", "rev", "r"];
    private static readonly string[] DevLabels = ["dev"];

    private readonly ReadOnlySpan<char> _text;
    private int _pos;

    private Pep440Parser(ReadOnlySpan<char> text)
    {
        _text = text;
        _pos = 0;
    }

    public static Pep440Version? Parse(ReadOnlySpan<char> text)
    {
        var parser = new Pep440Parser(TrimPythonSpace(text));
        return parser.ParseAll();
    }

    /// <summary>Python's <c>\s</c> for str patterns: Unicode white space plus the ASCII separators 0x1C-0x1F.</summary>
    internal static ReadOnlySpan<char> TrimPythonSpace(ReadOnlySpan<char> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsPythonSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsPythonSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    private static bool IsPythonSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    private Pep440Version? ParseAll()
    {
        // Step 1: optional "v", optional "N!" epoch.
        if (Peek() is 'v' or 'V')
        {
            _pos++;
        }

        var epoch = string.Empty;
        var save = _pos;
        var digits = Digits();
        if (digits is not null && Peek() == '!')
        {
            _pos++;
            epoch = digits;
        }
        else
        {
            _pos = save;
        }

        // Step 2: release N(.N)*.
        var first = Digits();
        if (first is null)
        {
            return null;
        }

        var release = new List<string> { first };
        while (Peek() == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
        {
            _pos++;
            release.Add(Digits()!);
        }

        // Step 3: optional pre, post, dev segments (each taken whole or not at all).
        var (preLabel, preNumber) = PreRelease();
        var post = PostRelease();
        var dev = DevRelease();

        // Step 4: optional +local, then the end.
        List<string>? local = null;
        if (Peek() == '+')
        {
            _pos++;
            local = Local();
            if (local is null)
            {
                return null;
            }
        }

        if (_pos != _text.Length)
        {
            return null;
        }

        return new Pep440Version(epoch, release, preLabel, preNumber, post, dev, local);
    }

    private (string? Label, string Number) PreRelease()
    {
        var save = _pos;
        Separator();
        var label = Label(PreLabels);
        if (label is null)
        {
            _pos = save;
            return (null, string.Empty);
        }

        Separator();
        var number = Digits() ?? string.Empty;
        var normalised = label switch
        {
            "alpha" or "a" => "a",
            "beta" or "b" => "b",
            _ => "rc",
        };
        return (normalised, number);
    }

    private string? PostRelease()
    {
        // "-N" is an implicit post release.
        if (Peek() == '-' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
        {
            _pos++;
            return Digits();
        }

        var save = _pos;
        Separator();
        if (Label(PostLabels) is null)
        {
            _pos = save;
            return null;
        }

        Separator();
        return Digits() ?? string.Empty;
    }

    private string? DevRelease()
    {
        var save = _pos;
        Separator();
        if (Label(DevLabels) is null)
        {
            _pos = save;
            return null;
        }

        Separator();
        return Digits() ?? string.Empty;
    }

    private List<string>? Local()
    {
        var parts = new List<string>();
        while (true)
        {
            var start = _pos;
            while (_pos < _text.Length && char.IsAsciiLetterOrDigit(_text[_pos]))
            {
                _pos++;
            }

            if (_pos == start)
            {
                return null;
            }

            var part = _text[start.._pos];
            parts.Add(NumericText.IsDigits(part)
                ? NumericText.TrimZeros(part).ToString()
                : part.ToString().ToLowerInvariant());
            if (Peek() is '-' or '_' or '.')
            {
                _pos++;
                continue;
            }

            return parts;
        }
    }

    private readonly char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Separator()
    {
        if (Peek() is '-' or '_' or '.')
        {
            _pos++;
        }
    }

    /// <summary>Longest label that matches case-insensitively (the grammar's backtracking gives the same).</summary>
    private string? Label(string[] labels)
    {
        foreach (var label in labels)
        {
            if (_text.Length - _pos >= label.Length
                && _text.Slice(_pos, label.Length).Equals(label, StringComparison.OrdinalIgnoreCase))
            {
                _pos += label.Length;
                return label;
            }
        }

        return null;
    }

    /// <summary>A run of ASCII digits without leading zeros ("" for zero), or null when none.</summary>
    private string? Digits()
    {
        var start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        return _pos == start ? null : NumericText.TrimZeros(_text[start.._pos]).ToString();
    }
}
