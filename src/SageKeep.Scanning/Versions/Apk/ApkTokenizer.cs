namespace SageKeep.Scanning.Versions.Apk;

/// <summary>
/// Splits an Alpine version into tokens, checking that each token may follow the previous one.
/// A token that may not follow is <see cref="ApkTokenKind.Invalid"/>, after which nothing is read.
/// </summary>
internal ref struct ApkTokenizer
{
    private readonly ReadOnlySpan<char> _text;
    private int _pos;
    private ApkTokenKind _last;
    private bool _started;

    public ApkTokenizer(string text)
    {
        _text = text;
        _pos = 0;
        _last = ApkTokenKind.InitialDigit;
        _started = false;
    }

    public ApkToken Next()
    {
        if (_last is ApkTokenKind.End or ApkTokenKind.Invalid)
        {
            return new ApkToken(_last, _pos, 0);
        }

        if (!_started)
        {
            _started = true;
            return Digits(ApkTokenKind.InitialDigit);
        }

        if (_pos >= _text.Length)
        {
            return Set(ApkTokenKind.End, _pos, 0);
        }

        var c = _text[_pos];
        switch (c)
        {
            case >= 'a' and <= 'z' when _last <= ApkTokenKind.Digit:
                _pos++;
                return Set(ApkTokenKind.Letter, _pos - 1, 1);
            case '.' when _last <= ApkTokenKind.Digit:
                _pos++;
                return Digits(ApkTokenKind.Digit);
            case >= '0' and <= '9' when _last == ApkTokenKind.Suffix:
                return Digits(ApkTokenKind.SuffixNumber);
            case '_' when _last <= ApkTokenKind.SuffixNumber:
                return Suffix();
            case '~' when _last < ApkTokenKind.CommitHash:
                return Hash();
            case '-' when _last < ApkTokenKind.Revision:
                if (_pos + 1 < _text.Length && _text[_pos + 1] == 'r')
                {
                    _pos += 2;
                    return Digits(ApkTokenKind.Revision);
                }

                return Set(ApkTokenKind.Invalid, _pos, 0);
            default:
                return Set(ApkTokenKind.Invalid, _pos, 0);
        }
    }

    private ApkToken Digits(ApkTokenKind kind)
    {
        var start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        return Set(_pos == start ? ApkTokenKind.Invalid : kind, start, _pos - start);
    }

    private ApkToken Suffix()
    {
        _pos++;
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is >= 'a' and <= 'z')
        {
            _pos++;
        }

        var suffix = _text[start.._pos] switch
        {
            "alpha" => ApkSuffix.Alpha,
            "beta" => ApkSuffix.Beta,
            "pre" => ApkSuffix.Pre,
            "rc" => ApkSuffix.Rc,
            "cvs" => ApkSuffix.Cvs,
            "svn" => ApkSuffix.Svn,
            "git" => ApkSuffix.Git,
            "hg" => ApkSuffix.Hg,
            "p" => ApkSuffix.P,
            _ => ApkSuffix.Invalid,
        };
        if (suffix == ApkSuffix.Invalid)
        {
            return Set(ApkTokenKind.Invalid, start, 0);
        }

        _last = ApkTokenKind.Suffix;
        return new ApkToken(ApkTokenKind.Suffix, start, _pos - start, suffix);
    }

    private ApkToken Hash()
    {
        _pos++;
        var start = _pos;
        while (_pos < _text.Length && char.IsAsciiHexDigitLower(_text[_pos]))
        {
            _pos++;
        }

        return Set(_pos == start ? ApkTokenKind.Invalid : ApkTokenKind.CommitHash, start, _pos - start);
    }

    private ApkToken Set(ApkTokenKind kind, int start, int length)
    {
        _last = kind;
        return new ApkToken(kind, start, length);
    }
}
