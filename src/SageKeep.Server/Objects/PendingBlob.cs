namespace SageKeep.Server.Objects;

/// <summary>
/// Bytes written to a temporary file and flushed to disk, with their digests, not yet part of any
/// object. Committing moves the file into the blob folder; disposing deletes it if it is still there,
/// so a failed or refused upload leaves nothing behind.
/// </summary>
internal sealed class PendingBlob(string tempPath, long size, byte[] md5, string? sha256Hex, IReadOnlyDictionary<string, string> checksums) : IDisposable
{
    public string TempPath { get; } = tempPath;

    public long Size { get; } = size;

    public byte[] Md5 { get; } = md5;

    /// <summary>Lower-case hex SHA-256 of the bytes, when it was asked for (to check a signed payload hash).</summary>
    public string? Sha256Hex { get; } = sha256Hex;

    /// <summary>Algorithm (lower case) to base64 value, for each checksum computed while writing.</summary>
    public IReadOnlyDictionary<string, string> Checksums { get; } = checksums;

    /// <summary>S3's ETag of a single-part object: the quoted hex MD5.</summary>
    public string ETag => $"\"{Convert.ToHexStringLower(Md5)}\"";

    public void Dispose()
    {
        try
        {
            File.Delete(TempPath);
        }
        catch (IOException)
        {
            // Collected at the next start.
        }
    }
}
