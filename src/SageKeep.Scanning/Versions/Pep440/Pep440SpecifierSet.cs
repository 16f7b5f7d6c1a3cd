using SageKeep.Scanning.Versions.Ranges;

namespace SageKeep.Scanning.Versions.Pep440;

/// <summary>
/// A PEP 440 specifier set ("&gt;=1.0,&lt;2,!=1.5.*"), matched as pip's <c>packaging</c>
/// SpecifierSet.contains does with its default pre-release handling.
/// </summary>
internal sealed partial class Pep440SpecifierSet : IVersionConstraint
{
    private const int MaxClauses = 64;

    private Pep440SpecifierSet(IReadOnlyList<Pep440Specifier> specifiers) => Specifiers = specifiers;

    public IReadOnlyList<Pep440Specifier> Specifiers { get; }

    /// <summary>Parses a comma-separated set; null when any clause is malformed (packaging's InvalidSpecifier).</summary>
    public static Pep440SpecifierSet? Parse(string? text)
    {
        if (text is null || text.Length > 4096)
        {
            return null;
        }

        var specifiers = new List<Pep440Specifier>();
        foreach (var part in text.Split(','))
        {
            var clause = Pep440Parser.TrimPythonSpace(part);
            if (clause.IsEmpty)
            {
                continue;
            }

            var specifier = ParseClause(clause);
            if (specifier is null || specifiers.Count == MaxClauses)
            {
                return null;
            }

            specifiers.Add(specifier);
        }

        return new Pep440SpecifierSet(specifiers);
    }

    /// <summary>
    /// Whether <paramref name="version"/> satisfies every clause; null when it is not a PEP 440 version.
    /// Pre-releases match only when some clause names one (or, as in packaging, never for an empty set).
    /// </summary>
    public bool? Contains(string? version)
    {
        if (!Pep440VersionComparer.Instance.TryParse(version, out var candidate))
        {
            return null;
        }

        // Step 1: packaging's prerelease rule: no inclusive clause mentions a pre-release -> none match.
        var allowPrereleases = Specifiers.Any(s => s.AllowsPrereleases);
        if (!allowPrereleases && candidate.IsPrerelease)
        {
            return false;
        }

        // Step 2: every clause must hold.
        foreach (var specifier in Specifiers)
        {
            if (!Matches(specifier, candidate))
            {
                return false;
            }
        }

        return true;
    }

    public RangeVerdict Evaluate(string? version) => Contains(version) switch
    {
        true => RangeVerdict.Affected,
        false => RangeVerdict.NotAffected,
        null => RangeVerdict.Unknown,
    };
}
