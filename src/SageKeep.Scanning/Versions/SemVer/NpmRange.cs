using SageKeep.Scanning.Versions.Ranges;

namespace SageKeep.Scanning.Versions.SemVer;

/// <summary>
/// An npm version range ("^1.2.3", "~1.2", "1.x || &gt;=2.1.0 &lt;3", "1.2.3 - 2.3.4"), evaluated as
/// node-semver's Range.test does with default options (docs: node-semver README "Ranges").
/// A range is a list of comparator sets joined by "||"; a set matches when all its comparators do,
/// and a pre-release version matches only a set that names a pre-release of the same major.minor.patch.
/// </summary>
internal sealed partial class NpmRange : IVersionConstraint
{
    private const int MaxLength = 4096;
    private const int MaxSets = 64;

    private NpmRange(IReadOnlyList<IReadOnlyList<NpmComparator>> sets) => Sets = sets;

    /// <summary>The comparator sets after desugaring (^, ~, x-ranges, hyphen ranges).</summary>
    public IReadOnlyList<IReadOnlyList<NpmComparator>> Sets { get; }

    /// <summary>Whether a version satisfies the range; null when it is not a SemVer version.</summary>
    public bool? Satisfies(string? version)
    {
        if (!SemVerComparer.Instance.TryParse(version, out var candidate))
        {
            return null;
        }

        foreach (var set in Sets)
        {
            if (TestSet(set, candidate))
            {
                return true;
            }
        }

        return false;
    }

    public RangeVerdict Evaluate(string? version) => Satisfies(version) switch
    {
        true => RangeVerdict.Affected,
        false => RangeVerdict.NotAffected,
        null => RangeVerdict.Unknown,
    };

    private static bool TestSet(IReadOnlyList<NpmComparator> set, SemVersion candidate)
    {
        // Step 1: every comparator must hold.
        foreach (var comparator in set)
        {
            if (!comparator.Test(candidate))
            {
                return false;
            }
        }

        if (!candidate.IsPrerelease)
        {
            return true;
        }

        // Step 2: a pre-release only matches a set that opts in with a pre-release on the same tuple,
        // so that ">1.2.3-alpha" does not pull in every future pre-release.
        foreach (var comparator in set)
        {
            if (comparator.Version is { IsPrerelease: true } allowed
                && allowed.Major == candidate.Major && allowed.Minor == candidate.Minor && allowed.Patch == candidate.Patch)
            {
                return true;
            }
        }

        return false;
    }
}
