using System.Security.Cryptography;
using System.Text;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Registry.Storage;

/// <summary>
/// Blob upload sessions on disk (<c>uploads/&lt;id&gt;/data</c> + <c>repository</c>). The id is 128 random
/// bits, so knowing a URL is needed to touch an upload, and an upload only continues in the repository it
/// was started in. Sessions idle longer than the idle timeout (the <c>registryUploadIdleTimeoutSeconds</c>
/// setting, <see cref="RegistryLimits.UploadIdleTimeout"/> by default) are gone with their data.
/// </summary>
internal sealed class UploadSessions(BlobStore blobs, TimeProvider time, TimeSpan idleTimeout)
{
    /// <summary>How long a session may go without a write.</summary>
    public TimeSpan IdleTimeout { get; } = idleTimeout;

    private const string DataFile = "data";
    private const string RepositoryFile = "repository";

    public UploadSession Start(string repository)
    {
        SweepExpired();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var directory = Path.Combine(blobs.UploadsDirectory, id);
        PrivateFiles.EnsureDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, RepositoryFile), Encoding.UTF8.GetBytes(repository));
        var data = Path.Combine(directory, DataFile);
        using (File.Create(data))
        {
        }

        return new UploadSession(id, repository, data, 0);
    }

    /// <summary>The session, or null when unknown, expired or belonging to another repository.</summary>
    public UploadSession? Find(string id, string repository)
    {
        if (id.Length != 32 || id.AsSpan().IndexOfAnyExcept(Digest.LowerHex) >= 0)
        {
            return null;
        }

        var directory = Path.Combine(blobs.UploadsDirectory, id);
        var data = new FileInfo(Path.Combine(directory, DataFile));
        var repositoryFile = Path.Combine(directory, RepositoryFile);
        if (!data.Exists || !File.Exists(repositoryFile))
        {
            return null;
        }

        if (IsExpired(data))
        {
            Cancel(id);
            return null;
        }

        return Encoding.UTF8.GetString(File.ReadAllBytes(repositoryFile)) == repository
            ? new UploadSession(id, repository, data.FullName, data.Length)
            : null;
    }

    /// <summary>
    /// Appends the body to the upload. <paramref name="expectedStart"/> (from Content-Range) must equal the
    /// bytes received so far. Returns the new size, or an error; a failed append leaves the upload as it was.
    /// </summary>
    public static async Task<(long Size, RegistryError? Error)> AppendAsync(UploadSession session, Stream body, long? expectedStart, long? declaredLength, CancellationToken ct)
    {
        if (expectedStart is { } start && start != session.Size)
        {
            return (session.Size, RegistryError.RangeInvalid());
        }

        FileStream stream;
        try
        {
            stream = new FileStream(session.DataPath, FileMode.Open, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        }
        catch (IOException)
        {
            return (session.Size, RegistryError.BlobUploadInvalid("another request is writing to this upload"));
        }

        await using (stream.ConfigureAwait(false))
        {
            var before = stream.Seek(0, SeekOrigin.End);
            try
            {
                var buffer = new byte[81920];
                long total = before;
                int read;
                while ((read = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > RegistryLimits.MaxBlobBytes)
                    {
                        stream.SetLength(before);
                        return (before, RegistryError.TooLarge("the blob exceeds the registry's size limit"));
                    }

                    await stream.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                }

                if (declaredLength is { } length && total - before != length)
                {
                    stream.SetLength(before);
                    return (before, RegistryError.SizeInvalid("the body length does not match Content-Length/Content-Range"));
                }

                return (total, null);
            }
            catch
            {
                // A broken connection mid-chunk: drop the partial chunk so the client can resend it.
                stream.SetLength(before);
                throw;
            }
        }
    }

    public void Cancel(string id)
    {
        var directory = Path.Combine(blobs.UploadsDirectory, id);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Deletes every idle session (also run by garbage collection).</summary>
    public int SweepExpired()
    {
        var removed = 0;
        foreach (var directory in new DirectoryInfo(blobs.UploadsDirectory).EnumerateDirectories())
        {
            var data = new FileInfo(Path.Combine(directory.FullName, DataFile));
            if (!data.Exists ? directory.LastWriteTimeUtc < time.GetUtcNow().UtcDateTime - IdleTimeout : IsExpired(data))
            {
                try
                {
                    directory.Delete(recursive: true);
                    removed++;
                }
                catch (IOException)
                {
                    // In use right now: the next sweep gets it.
                }
            }
        }

        return removed;
    }

    private bool IsExpired(FileInfo data) => data.LastWriteTimeUtc < time.GetUtcNow().UtcDateTime - IdleTimeout;
}
