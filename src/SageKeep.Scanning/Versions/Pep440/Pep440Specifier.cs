namespace SageKeep.Scanning.Versions.Pep440;

/// <summary>One clause of a PEP 440 specifier set, such as "&gt;=1.0", "==1.4.*" or "~=2.2".</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Text">The version text as written (white space trimmed), including any ".*".</param>
/// <param name="Version">The parsed version (without ".*"); null only for "===" with a non-PEP 440 string.</param>
/// <param name="Wildcard">True for "==X.*" and "!=X.*".</param>
internal sealed record Pep440Specifier(Pep440Operator Operator, string Text, Pep440Version? Version, bool Wildcard)
{
    /// <summary>
    /// packaging's Specifier.prereleases: inclusive operators written with a pre-release version
    /// ("&gt;=1.0a1", "==2.0rc1") let pre-releases match.
    /// </summary>
    public bool AllowsPrereleases =>
        Operator is Pep440Operator.Equal or Pep440Operator.GreaterThanOrEqual or Pep440Operator.LessThanOrEqual
            or Pep440Operator.Compatible or Pep440Operator.Arbitrary
        && Version is { IsPrerelease: true };
}
