namespace SageKeep.Scanning.Images;

/// <summary>
/// Where an image is: a path to an OCI layout directory, an OCI or docker archive (optionally gzip/zstd
/// compressed), or a root filesystem directory. The format is detected from the content, not the name.
/// </summary>
public sealed record ImageSource(string Path)
{
    /// <summary>Name to show for the image when it carries no reference of its own.</summary>
    public string DisplayName => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));
}
