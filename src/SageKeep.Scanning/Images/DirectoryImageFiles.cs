namespace SageKeep.Scanning.Images;

/// <summary>Files of an OCI layout directory; relative paths never leave the directory.</summary>
internal sealed class DirectoryImageFiles(string root) : IImageFiles
{
    private readonly string _root = Path.GetFullPath(root);

    public long? Length(string relativePath)
    {
        var full = Resolve(relativePath);
        if (full is null)
        {
            return null;
        }

        var info = new FileInfo(full);
        return info.Exists && info.LinkTarget is null ? info.Length : null;
    }

    public Stream Open(string relativePath) =>
        new FileStream(Resolve(relativePath) ?? throw new FileNotFoundException(relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, 81920);

    public void Dispose()
    {
    }

    private string? Resolve(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(_root, relativePath));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }
}
