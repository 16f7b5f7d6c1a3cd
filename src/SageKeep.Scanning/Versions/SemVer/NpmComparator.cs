namespace SageKeep.Scanning.Versions.SemVer;

/// <summary>One primitive comparator of an npm range ("&gt;=1.2.3", "&lt;2.0.0-0"); Version null means "any".</summary>
/// <param name="Operator">"", "&lt;", "&lt;=", "&gt;" or "&gt;=" ("=" is stored as "").</param>
/// <param name="Version">The version compared with, or null for the match-anything comparator.</param>
internal sealed record NpmComparator(string Operator, SemVersion? Version)
{
    /// <summary>The comparator npm uses for an empty set: nothing is below 0.0.0-0.</summary>
    public bool IsNullSet => Operator == "<" && Version is { Major: 0, Minor: 0, Patch: 0, Prerelease: "0" };

    public bool IsAny => Version is null;

    public bool Test(SemVersion candidate)
    {
        if (Version is null)
        {
            return true;
        }

        var rc = SemVerComparer.Instance.Compare(candidate, Version);
        return Operator switch
        {
            "<" => rc < 0,
            "<=" => rc <= 0,
            ">" => rc > 0,
            ">=" => rc >= 0,
            _ => rc == 0,
        };
    }
}
