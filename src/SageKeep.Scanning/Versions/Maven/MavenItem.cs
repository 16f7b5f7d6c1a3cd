namespace SageKeep.Scanning.Versions.Maven;

/// <summary>
/// One item of a parsed Maven version (org.apache.maven.artifact.versioning.ComparableVersion):
/// a number, a qualifier string or a nested list started by '-' or a digit/letter transition.
/// </summary>
internal abstract class MavenItem
{
    /// <summary>True for items that equal "nothing" (0, the release qualifier, an empty list): trimmed at the end of a list.</summary>
    public abstract bool IsNull { get; }

    /// <summary>Compares with another item, or with "nothing" when <paramref name="other"/> is null (padding).</summary>
    public abstract int CompareTo(MavenItem? other);
}
