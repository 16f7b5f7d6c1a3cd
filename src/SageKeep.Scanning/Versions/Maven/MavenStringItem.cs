namespace SageKeep.Scanning.Versions.Maven;

/// <summary>
/// A qualifier. Known qualifiers sort alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot &lt; (release) &lt; sp,
/// then every unknown qualifier, ordinally among themselves. "ga", "final" and "release" mean the release,
/// "cr" means "rc", and a single a/b/m directly followed by a digit means alpha/beta/milestone.
/// </summary>
internal sealed class MavenStringItem : MavenItem
{
    private const int ReleaseIndex = 5;

    private static readonly string[] Qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

    private readonly int _index;

    public MavenStringItem(string value, bool followedByDigit)
    {
        if (followedByDigit && value.Length == 1)
        {
            value = value[0] switch
            {
                'a' => "alpha",
                'b' => "beta",
                'm' => "milestone",
                _ => value,
            };
        }

        Value = value switch
        {
            "ga" or "final" or "release" => string.Empty,
            "cr" => "rc",
            _ => value,
        };
        _index = Array.IndexOf(Qualifiers, Value);
    }

    public string Value { get; }

    public override bool IsNull => _index == ReleaseIndex;

    public override int CompareTo(MavenItem? other) => other switch
    {
        null => CompareQualifier(this, ReleaseIndex, null),
        MavenStringItem s => CompareQualifier(this, s._index, s.Value),
        _ => -1, // a qualifier is older than a number or a list
    };

    /// <summary>
    /// Maven compares "index" strings for known qualifiers and "7-value" for unknown ones; since the
    /// indexes are single digits below 7, that is: known by index, known before unknown, unknown ordinally.
    /// </summary>
    private static int CompareQualifier(MavenStringItem left, int rightIndex, string? rightValue)
    {
        var leftKnown = left._index >= 0;
        var rightKnown = rightIndex >= 0;
        if (leftKnown && rightKnown)
        {
            return left._index.CompareTo(rightIndex);
        }

        if (leftKnown != rightKnown)
        {
            return leftKnown ? -1 : 1;
        }

        return Math.Sign(string.CompareOrdinal(left.Value, rightValue));
    }
}
