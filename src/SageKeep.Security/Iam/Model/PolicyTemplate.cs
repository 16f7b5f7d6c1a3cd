using System.Text;
using SageKeep.Security.Iam.Context;

namespace SageKeep.Security.Iam.Model;

/// <summary>
/// A Resource or condition value that may contain policy variables (IAM User Guide, "IAM policy
/// elements: Variables and tags"): <c>${aws:username}</c>, <c>${aws:PrincipalTag/k}</c>, a default as
/// <c>${aws:username, 'x'}</c>, and the escapes <c>${*}</c>, <c>${?}</c>, <c>${$}</c> for literal characters.
/// Constant templates (the common case) compile straight to a <see cref="WildcardPattern"/>.
/// </summary>
internal sealed class PolicyTemplate
{
    private readonly Part[] _parts;

    private PolicyTemplate(string source, Part[] parts, bool ignoreCase)
    {
        Source = source;
        _parts = parts;
        if (parts.All(p => p.VariableKey is null))
        {
            var (text, kinds) = Concat(parts);
            ConstantText = text;
            Constant = new WildcardPattern(text, kinds, ignoreCase);
        }
    }

    public string Source { get; }

    /// <summary>The pattern when the template has no variables, else null.</summary>
    public WildcardPattern? Constant { get; }

    /// <summary>The text with escapes applied, when the template has no variables.</summary>
    public string? ConstantText { get; }

    public static PolicyTemplate Parse(string source, PolicyVersion version, bool ignoreCase)
    {
        if (version != PolicyVersion.V20121017 || !source.Contains("${", StringComparison.Ordinal))
        {
            return new PolicyTemplate(source, [Part.Text(source, Wildcard.KindsOf(source))], ignoreCase);
        }

        var parts = new List<Part>();
        var literal = new StringBuilder();
        var kinds = new List<byte>();
        var i = 0;
        while (i < source.Length)
        {
            var close = source[i] == '$' && i + 1 < source.Length && source[i + 1] == '{'
                ? source.IndexOf('}', i + 2)
                : -1;
            if (close < 0)
            {
                literal.Append(source[i]);
                kinds.Add(source[i] switch { '*' => Wildcard.Star, '?' => Wildcard.AnyChar, _ => Wildcard.Literal });
                i++;
                continue;
            }

            var inner = source.AsSpan(i + 2, close - i - 2).Trim();
            if (inner is "*" or "?" or "$")
            {
                // Escapes stand for the literal character, never a wildcard.
                literal.Append(inner[0]);
                kinds.Add(Wildcard.Literal);
            }
            else
            {
                if (literal.Length > 0)
                {
                    parts.Add(Part.Text(literal.ToString(), [.. kinds]));
                    literal.Clear();
                    kinds.Clear();
                }

                parts.Add(ParseVariable(inner));
            }

            i = close + 1;
        }

        if (literal.Length > 0 || parts.Count == 0)
        {
            parts.Add(Part.Text(literal.ToString(), [.. kinds]));
        }

        return new PolicyTemplate(source, [.. parts], ignoreCase);
    }

    /// <summary>
    /// Substitutes the variables from the request. Substituted values are literal text (a '*' in a user
    /// name is not a wildcard). False when a variable has no value and no default: the caller then treats
    /// the element as not matching, as IAM does.
    /// </summary>
    public bool TryResolve(RequestContext context, out string text, out byte[] kinds)
    {
        if (!TryResolveText(context, out text))
        {
            kinds = [];
            return false;
        }

        // Substituted characters are literals (zero); only the template's own text can hold wildcards.
        kinds = new byte[text.Length];
        var position = 0;
        foreach (var part in _parts)
        {
            if (part.VariableKey is null)
            {
                part.Kinds!.CopyTo(kinds, position);
                position += part.Literal!.Length;
            }
            else
            {
                position += ValueOf(part, context)!.Length;
            }
        }

        return true;
    }

    /// <summary>The text with the variables substituted (see <see cref="TryResolve"/>), without wildcard kinds.</summary>
    public bool TryResolveText(RequestContext context, out string text)
    {
        // A template that is one variable (a condition value such as "${aws:PrincipalTag/team}") is its value.
        if (_parts.Length == 1 && _parts[0].VariableKey is not null)
        {
            var value = ValueOf(_parts[0], context);
            text = value ?? string.Empty;
            return value is not null;
        }

        var length = 0;
        foreach (var part in _parts)
        {
            if (part.VariableKey is null)
            {
                length += part.Literal!.Length;
            }
            else if (ValueOf(part, context) is { } value)
            {
                length += value.Length;
            }
            else
            {
                text = string.Empty;
                return false;
            }
        }

        text = string.Create(length, (_parts, context), static (span, state) =>
        {
            foreach (var part in state._parts)
            {
                var piece = part.VariableKey is null ? part.Literal! : ValueOf(part, state.context)!;
                piece.CopyTo(span);
                span = span[piece.Length..];
            }
        });
        return true;
    }

    /// <summary>A variable's value: the key's single value in the request, else the default (null when neither).</summary>
    private static string? ValueOf(Part part, RequestContext context) =>
        context.Keys.TryGetValues(part.VariableKey!, out var values) && values.Count == 1 ? values[0] : part.Default;

    private static Part ParseVariable(ReadOnlySpan<char> inner)
    {
        var comma = inner.IndexOf(',');
        if (comma < 0)
        {
            return Part.Variable(inner.ToString(), null);
        }

        var key = inner[..comma].Trim().ToString();
        var fallback = inner[(comma + 1)..].Trim();
        if (fallback.Length >= 2 && fallback[0] == '\'' && fallback[^1] == '\'')
        {
            fallback = fallback[1..^1];
        }

        return Part.Variable(key, fallback.ToString());
    }

    private static (string Text, byte[] Kinds) Concat(Part[] parts)
    {
        if (parts.Length == 1)
        {
            return (parts[0].Literal!, parts[0].Kinds!);
        }

        return (string.Concat(parts.Select(p => p.Literal)), [.. parts.SelectMany(p => p.Kinds!)]);
    }

    private sealed record Part(string? Literal, byte[]? Kinds, string? VariableKey, string? Default)
    {
        public static Part Text(string literal, byte[] kinds) => new(literal, kinds, null, null);

        public static Part Variable(string key, string? fallback) => new(null, null, key, fallback);
    }
}
