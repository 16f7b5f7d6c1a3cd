namespace SageKeep.Server.Services.Logs;

/// <summary>
/// CloudWatch Logs' unstructured filter pattern: whitespace-separated terms that must all occur in the message
/// (case-sensitive), "quoted phrases" as one term, <c>?term</c> for "any of these", <c>-term</c> for "none of these".
/// An empty pattern matches everything. JSON (<c>{ … }</c>), space-delimited (<c>[ … ]</c>) and regex (<c>%…%</c>)
/// patterns are refused rather than read as plain text, so a pattern never silently means something else.
/// </summary>
internal sealed class LogFilterPattern
{
    private readonly List<string> _all = [];
    private readonly List<string> _any = [];
    private readonly List<string> _none = [];

    private LogFilterPattern()
    {
    }

    /// <summary>The pattern, or null with <paramref name="error"/> set.</summary>
    public static LogFilterPattern? Parse(string? text, out string? error)
    {
        error = null;
        var pattern = new LogFilterPattern();
        text = text?.Trim() ?? string.Empty;
        if (text.Length > 0 && text[0] is '{' or '[' or '%')
        {
            error = "Only plain-term filter patterns are supported (terms, \"phrases\", ?any, -none): JSON, space-delimited and regex patterns are not.";
            return null;
        }

        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var target = pattern._all;
            if (text[i] is '?' or '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                target = text[i] == '?' ? pattern._any : pattern._none;
                i++;
            }

            string term;
            if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    error = "The filter pattern has an unterminated quoted phrase.";
                    return null;
                }

                term = text[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                var startAt = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                term = text[startAt..i];
            }

            if (term.Length > 0)
            {
                target.Add(term);
            }
        }

        return pattern;
    }

    public bool Matches(string message) =>
        _all.TrueForAll(t => message.Contains(t, StringComparison.Ordinal))
        && (_any.Count == 0 || _any.Exists(t => message.Contains(t, StringComparison.Ordinal)))
        && !_none.Exists(t => message.Contains(t, StringComparison.Ordinal));
}
