namespace SageKeep.Scanning.Versions.Ranges;

/// <summary>
/// A set of affected intervals of one ecosystem, evaluated with that ecosystem's comparer
/// (OSV schema "Evaluation": a version is affected when it lies in any interval).
/// </summary>
/// <remarks>
/// Fails closed: a version that does not parse, or an interval bound that does not parse, gives
/// <see cref="RangeVerdict.Unknown"/> unless another interval proves the version affected.
/// </remarks>
internal sealed class VersionRange : IVersionConstraint
{
    public VersionRange(IVersionComparer comparer, IReadOnlyList<VersionInterval> intervals)
    {
        ArgumentNullException.ThrowIfNull(comparer);
        ArgumentNullException.ThrowIfNull(intervals);
        Comparer = comparer;
        Intervals = intervals;
    }

    public IVersionComparer Comparer { get; }

    public IReadOnlyList<VersionInterval> Intervals { get; }

    /// <summary>Builds the range for an ecosystem (see <see cref="VersionSchemes.For"/>); null when the ecosystem is unknown.</summary>
    public static VersionRange? For(string ecosystemOrPurlType, params VersionInterval[] intervals) =>
        VersionSchemes.For(ecosystemOrPurlType) is { } comparer ? new VersionRange(comparer, intervals) : null;

    public RangeVerdict Evaluate(string? version)
    {
        if (!Comparer.IsValid(version))
        {
            return RangeVerdict.Unknown;
        }

        var unknown = false;
        foreach (var interval in Intervals)
        {
            switch (Evaluate(version!, interval))
            {
                case RangeVerdict.Affected:
                    return RangeVerdict.Affected;
                case RangeVerdict.Unknown:
                    unknown = true;
                    break;
            }
        }

        return unknown ? RangeVerdict.Unknown : RangeVerdict.NotAffected;
    }

    private RangeVerdict Evaluate(string version, VersionInterval interval)
    {
        // Step 1: lower bound, inclusive; "0" is OSV's "since the beginning" in every ecosystem.
        if (interval.Introduced is not (null or "0"))
        {
            if (!Comparer.TryCompare(version, interval.Introduced, out var lower))
            {
                return RangeVerdict.Unknown;
            }

            if (lower < 0)
            {
                return RangeVerdict.NotAffected;
            }
        }

        // Step 2: upper bound, exclusive for fixed, inclusive for last_affected.
        if (interval.Fixed is not null)
        {
            return !Comparer.TryCompare(version, interval.Fixed, out var upper) ? RangeVerdict.Unknown
                : upper < 0 ? RangeVerdict.Affected : RangeVerdict.NotAffected;
        }

        if (interval.LastAffected is not null)
        {
            return !Comparer.TryCompare(version, interval.LastAffected, out var last) ? RangeVerdict.Unknown
                : last <= 0 ? RangeVerdict.Affected : RangeVerdict.NotAffected;
        }

        return RangeVerdict.Affected;
    }
}
