namespace SageKeep.Scanning.Os;

/// <summary>The distribution of an image: os-release ID, VERSION_ID and VERSION_CODENAME, and the file they came from.</summary>
public sealed record OsInfo(string Id, string? VersionId, string? Codename, string? PrettyName, string SourcePath)
{
    /// <summary>The purl "distro" qualifier: id-versionId, with Debian's and Alpine's versions cut to what their security trackers use.</summary>
    public string DistroQualifier => VersionId is null ? Id : $"{Id}-{VersionId}";
}
