using System.Security.Cryptography;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Registry.Storage;

/// <summary>
/// Content-addressed blob files shared by every repository: <c>blobs/sha256/&lt;hex&gt;</c> under the
/// registry directory. A blob appears only complete and verified: it is written to a temporary file in
/// the same file system, flushed to disk, its digest checked, then renamed into place (rename is atomic),
/// so a crash leaves either no blob or the whole blob. Which repositories reference a blob is kept in
/// the state store (<see cref="RegistryStore"/>); unreferenced blobs go at garbage collection.
/// </summary>
internal sealed class BlobStore
{
    private readonly string _blobs;
    private readonly string _temp;

    public BlobStore(string registryDirectory)
    {
        Root = registryDirectory;
        _blobs = Path.Combine(registryDirectory, "blobs", "sha256");
        _temp = Path.Combine(registryDirectory, "tmp");
        UploadsDirectory = Path.Combine(registryDirectory, "uploads");
        PrivateFiles.EnsureDirectory(registryDirectory);
        PrivateFiles.EnsureDirectory(Path.Combine(registryDirectory, "blobs"));
        PrivateFiles.EnsureDirectory(_blobs);
        PrivateFiles.EnsureDirectory(_temp);
        PrivateFiles.EnsureDirectory(UploadsDirectory);
    }

    public string Root { get; }

    public string UploadsDirectory { get; }

    /// <summary>A directory for scratch files on the same file system (hard links and renames work).</summary>
    public string TempDirectory => _temp;

    public string PathOf(string digest) => Path.Combine(_blobs, Digest.Hex(digest));

    public long? Length(string digest)
    {
        if (!Digest.IsValid(digest))
        {
            return null;
        }

        var info = new FileInfo(PathOf(digest));
        return info.Exists ? info.Length : null;
    }

    public FileStream OpenRead(string digest) =>
        new(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Stores small content (a manifest) whose digest the caller computed.</summary>
    public async Task PutAsync(string digest, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        if (File.Exists(PathOf(digest)))
        {
            File.SetLastWriteTimeUtc(PathOf(digest), DateTime.UtcNow);
            return;
        }

        var temp = NewTempPath();
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            Commit(temp, digest);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Moves a finished upload file into the store if its content hashes to <paramref name="digest"/>.
    /// False (and the file left alone) when it does not.
    /// </summary>
    public async Task<bool> CommitFileAsync(string file, string digest, CancellationToken ct)
    {
        string actual;
        var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            stream.Flush(flushToDisk: true);
            using var sha = SHA256.Create();
            actual = Digest.FromHash(await sha.ComputeHashAsync(stream, ct).ConfigureAwait(false));
        }

        if (!string.Equals(actual, digest, StringComparison.Ordinal))
        {
            return false;
        }

        Commit(file, digest);
        return true;
    }

    public void Delete(string digest) => File.Delete(PathOf(digest));

    /// <summary>Every blob on disk with its last write time (for garbage collection).</summary>
    public IEnumerable<(string Digest, DateTime WrittenUtc, long Length)> Enumerate()
    {
        foreach (var file in new DirectoryInfo(_blobs).EnumerateFiles())
        {
            var digest = Digest.Sha256Prefix + file.Name;
            if (Digest.IsValid(digest))
            {
                yield return (digest, file.LastWriteTimeUtc, file.Length);
            }
        }
    }

    public string NewTempPath() => Path.Combine(_temp, Guid.NewGuid().ToString("N"));

    private void Commit(string temp, string digest)
    {
        var target = PathOf(digest);
        if (File.Exists(target))
        {
            // Same content already stored (another repository pushed it): keep the existing file, and mark
            // it fresh so garbage collection's grace period covers the link about to be written.
            File.Delete(temp);
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
            return;
        }

        File.Move(temp, target, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
