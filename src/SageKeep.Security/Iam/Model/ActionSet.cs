namespace SageKeep.Security.Iam.Model;

/// <summary>Action or NotAction: case-insensitive globs over "service:Action".</summary>
internal sealed class ActionSet(IReadOnlyList<WildcardPattern> patterns, bool negated)
{
    public bool Negated { get; } = negated;

    public IReadOnlyList<WildcardPattern> Patterns { get; } = patterns;

    public bool Matches(string action)
    {
        var any = false;
        // Indexed loops: a foreach over an interface would allocate an enumerator per statement.
        for (var i = 0; i < Patterns.Count; i++)
        {
            if (Patterns[i].IsMatch(action))
            {
                any = true;
                break;
            }
        }

        return any != Negated;
    }
}
