using SageKeep.Scanning.Versions;
using SageKeep.Scanning.Versions.Ranges;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.Scanning.Matching;

/// <summary>
/// Decides whether an installed version lies in an advisory's affected set, with the advisory's own version
/// scheme (OSV schema, "Evaluation": affected when listed in <c>versions</c> or inside any range interval;
/// distribution feeds are one interval [0, fixed)).
/// </summary>
internal static class AdvisoryEvaluator
{
    public static (AdvisoryVerdict Verdict, string? FixedVersion) Evaluate(AffectedPackage affected, string installedVersion)
    {
        if (affected.FixState == FixState.NotAffected)
        {
            return (AdvisoryVerdict.NotAffected, null);
        }

        var comparer = VersionSchemes.For(affected.VersionScheme);
        var installed = Normalise(affected.VersionScheme, installedVersion);

        // Step 1: an explicit versions list is exact; ordinal equality first, then the scheme's equality.
        foreach (var listed in affected.Versions)
        {
            var normalised = Normalise(affected.VersionScheme, listed);
            if (normalised == installed || (comparer is not null && comparer.TryCompare(installed, normalised, out var rc) && rc == 0))
            {
                return (AdvisoryVerdict.Affected, FixedFromRanges(affected, comparer, installed) ?? affected.FixedVersion);
            }
        }

        if (comparer is null)
        {
            // GIT ranges and unknown ecosystems: only the versions list can decide.
            return (affected.Versions.Count > 0 ? AdvisoryVerdict.NotAffected : AdvisoryVerdict.Unknown, null);
        }

        if (!comparer.IsValid(installed))
        {
            return (AdvisoryVerdict.Unknown, null);
        }

        // Step 2: the intervals; an interval whose bounds do not parse answers Unknown unless another proves it affected.
        var unknown = false;
        foreach (var range in affected.Ranges.Where(r => r.Type != "GIT"))
        {
            var interval = new VersionInterval(Normalise(affected.VersionScheme, range.Introduced), NormaliseOrNull(affected.VersionScheme, range.Fixed), NormaliseOrNull(affected.VersionScheme, range.LastAffected));
            var verdict = new VersionRange(comparer, [interval]).Evaluate(installed);
            if (verdict == RangeVerdict.Affected && range.Limit is { } limit)
            {
                // OSV "limit": versions at or above it are outside the range.
                verdict = !comparer.TryCompare(installed, Normalise(affected.VersionScheme, limit), out var lim) ? RangeVerdict.Unknown
                    : lim < 0 ? RangeVerdict.Affected : RangeVerdict.NotAffected;
            }

            switch (verdict)
            {
                case RangeVerdict.Affected:
                    return (AdvisoryVerdict.Affected, range.Fixed ?? (range.LastAffected is null ? affected.FixedVersion : null));
                case RangeVerdict.Unknown:
                    unknown = true;
                    break;
            }
        }

        return (unknown ? AdvisoryVerdict.Unknown : AdvisoryVerdict.NotAffected, null);
    }

    private static string? FixedFromRanges(AffectedPackage affected, IVersionComparer? comparer, string installed)
    {
        if (comparer is null)
        {
            return null;
        }

        // The smallest fixed version above the installed one.
        return affected.Ranges
            .Select(r => r.Fixed)
            .OfType<string>()
            .Where(f => comparer.TryCompare(installed, Normalise(affected.VersionScheme, f), out var rc) && rc < 0)
            .Order(Comparer<string>.Create((a, b) => comparer.Compare(Normalise(affected.VersionScheme, a), Normalise(affected.VersionScheme, b))))
            .FirstOrDefault();
    }

    /// <summary>
    /// Go: OSV writes "1.2.3" (and Go itself "go1.21.0"), Go's module versions are "v1.2.3"; the comparer wants the latter.
    /// </summary>
    public static string Normalise(string scheme, string version) =>
        scheme != "golang" || version is "0" || version.StartsWith('v') ? version
            : version.StartsWith("go", StringComparison.Ordinal) ? "v" + version[2..]
            : "v" + version;

    private static string? NormaliseOrNull(string scheme, string? version) => version is null ? null : Normalise(scheme, version);
}
