namespace SageKeep.Scanning.Versions.Pep440;

/// <summary>Clause grammar (PEP 440 "Version specifiers", as packaging's Specifier accepts it).</summary>
internal sealed partial class Pep440SpecifierSet
{
    private static Pep440Specifier? ParseClause(ReadOnlySpan<char> clause)
    {
        // Step 1: the operator; "===" must be tried before "==", "<=" before "<".
        var (op, length) = clause switch
        {
            _ when clause.StartsWith("===") => (Pep440Operator.Arbitrary, 3),
            _ when clause.StartsWith("~=") => (Pep440Operator.Compatible, 2),
            _ when clause.StartsWith("==") => (Pep440Operator.Equal, 2),
            _ when clause.StartsWith("!=") => (Pep440Operator.NotEqual, 2),
            _ when clause.StartsWith("<=") => (Pep440Operator.LessThanOrEqual, 2),
            _ when clause.StartsWith(">=") => (Pep440Operator.GreaterThanOrEqual, 2),
            _ when clause.StartsWith("<") => (Pep440Operator.LessThan, 1),
            _ when clause.StartsWith(">") => (Pep440Operator.GreaterThan, 1),
            _ => ((Pep440Operator?)null, 0),
        };
        if (op is null)
        {
            return null;
        }

        var text = Pep440Parser.TrimPythonSpace(clause[length..]);

        // Step 2: "===" takes anything without white space, ';' or ')'.
        if (op == Pep440Operator.Arbitrary)
        {
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c) || c is ';' or ')')
                {
                    return null;
                }
            }

            var arbitrary = text.ToString();
            return new Pep440Specifier(op.Value, arbitrary, Pep440Parser.Parse(arbitrary), Wildcard: false);
        }

        // Step 3: "==X.*" / "!=X.*": X is [v][N!]N(.N)* only.
        var wildcard = text.EndsWith(".*");
        if (wildcard)
        {
            if (op is not (Pep440Operator.Equal or Pep440Operator.NotEqual))
            {
                return null;
            }

            var prefix = Pep440Parser.Parse(text[..^2]);
            if (prefix is null || prefix.PreLabel is not null || prefix.Post is not null || prefix.Dev is not null
                || prefix.Local is not null || HasSpaceOrSeparatorQuirk(text[..^2]))
            {
                return null;
            }

            return new Pep440Specifier(op.Value, text.ToString(), prefix, Wildcard: true);
        }

        // Step 4: a full version; local versions only with == and !=, "~=" needs two release numbers.
        var version = Pep440Parser.Parse(text);
        if (version is null || HasSpaceOrSeparatorQuirk(text)
            || (version.Local is not null && op is not (Pep440Operator.Equal or Pep440Operator.NotEqual))
            || (op == Pep440Operator.Compatible && version.Release.Count < 2))
        {
            return null;
        }

        return new Pep440Specifier(op.Value, text.ToString(), version, Wildcard: false);
    }

    /// <summary>The clause grammar has no inner white space (the version grammar trims it at both ends).</summary>
    private static bool HasSpaceOrSeparatorQuirk(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f')
            {
                return true;
            }
        }

        return false;
    }
}
