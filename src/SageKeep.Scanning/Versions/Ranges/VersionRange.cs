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

    /// <summary>
    /// Builds intervals from an OSV event list (OSV schema "Evaluation"): events are sorted by version
    /// ("0" first, introduced before fixed at the same version), then each introduced opens an interval
    /// that the next fixed or last_affected closes. An event whose version does not parse is kept as an
    /// unparsable bound, so that evaluation answers Unknown instead of guessing.
    /// </summary>
    public static VersionRange FromOsvEvents(IVersionComparer comparer, IEnumerable<OsvEvent> events)
    {
        ArgumentNullException.ThrowIfNull(comparer);
        ArgumentNullException.ThrowIfNull(events);

        // Step 1: sort; a stable sort keeps the advisory's order between equal versions.
        var sorted = events
            .Select((e, index) => (Event: e, Index: index))
            .OrderBy(x => x.Event, Comparer<OsvEvent>.Create((a, b) => CompareEvents(comparer, a, b)))
            .ThenBy(x => x.Index)
            .Select(x => x.Event)
            .ToList();

        // Step 2: pair them into intervals.
        var intervals = new List<VersionInterval>();
        string? open = null;
        var isOpen = false;
        foreach (var e in sorted)
        {
            switch (e.Kind)
            {
                case OsvEventKind.Introduced when !isOpen:
                    open = e.Version;
                    isOpen = true;
                    break;
                case OsvEventKind.Fixed when isOpen:
                    intervals.Add(new VersionInterval(open, Fixed: e.Version));
                    isOpen = false;
                    break;
                case OsvEventKind.LastAffected when isOpen:
                    intervals.Add(new VersionInterval(open, LastAffected: e.Version));
                    isOpen = false;
                    break;
            }
        }

        if (isOpen)
        {
            intervals.Add(new VersionInterval(open));
        }

        return new VersionRange(comparer, intervals);
    }

    private static int CompareEvents(IVersionComparer comparer, OsvEvent a, OsvEvent b)
    {
        var aZero = a.Kind == OsvEventKind.Introduced && a.Version == "0";
        var bZero = b.Kind == OsvEventKind.Introduced && b.Version == "0";
        if (aZero || bZero)
        {
            return aZero == bZero ? 0 : (aZero ? -1 : 1);
        }

        var rc = comparer.Compare(a.Version, b.Version);
        return rc != 0 ? rc : a.Kind.CompareTo(b.Kind);
    }

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
