namespace SageKeep.Scanning.Catalogers;

/// <summary>A file handed to a cataloger: its path in the image, the layer it came from, and its content.</summary>
/// <param name="Path">Absolute path inside the image.</param>
/// <param name="LayerDigest">Digest of the supplying layer; null in rootfs mode.</param>
/// <param name="Size">Content length in bytes.</param>
/// <param name="Content">
/// Seekable, read-only content (an in-memory buffer for small files, a temporary file for large ones);
/// owned by the caller and valid only during <see cref="ICataloger.CatalogAsync"/>.
/// </param>
public sealed record ClaimedFile(string Path, string? LayerDigest, long Size, Stream Content)
{
    /// <summary>
    /// A directory private to this scan where a cataloger may write a scratch copy when a reader needs a real file
    /// (SQLite); deleted with the scan. Null outside a scan: use the system temp directory then.
    /// </summary>
    public string? ScratchDirectory { get; init; }
}
