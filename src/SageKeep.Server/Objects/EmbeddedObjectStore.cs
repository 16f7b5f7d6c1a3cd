using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Objects;

/// <summary>
/// The embedded object store: each object's bytes in one blob file under <c>objects/blobs</c> of the data
/// directory, its metadata in the state store. Every write goes temp file → fsync → rename into the blob
/// folder → metadata commit (the commit is what makes it visible), and only then is the replaced blob
/// deleted; a crash at any point leaves the old object or the new one. Blobs without a row and temp files
/// are orphans, removed by <see cref="CollectOrphansAsync"/> at start. Two writers of one key each
/// write their own blob; the later commit wins.
/// </summary>
internal sealed partial class EmbeddedObjectStore : IObjectStore
{
    /// <summary>S3's largest single PUT (5 GiB) and largest object (5 TiB).</summary>
    public const long MaxPutBytes = 5L * 1024 * 1024 * 1024;

    public const long MaxObjectBytes = 5L * 1024 * 1024 * 1024 * 1024;

    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly string _tempDirectory;
    private readonly string _blobDirectory;
    private readonly DateTime _startedUtc;

    public EmbeddedObjectStore(IStateStore store, string objectsDirectory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(objectsDirectory);
        _store = store;
        _time = time;
        _tempDirectory = Path.Combine(objectsDirectory, "tmp");
        _blobDirectory = Path.Combine(objectsDirectory, "blobs");
        PrivateFiles.EnsureDirectory(objectsDirectory);
        PrivateFiles.EnsureDirectory(_tempDirectory);
        PrivateFiles.EnsureDirectory(_blobDirectory);
        _startedUtc = DateTime.UtcNow;
    }

    /// <summary>A new temporary file to stream an upload into.</summary>
    public BlobSink CreateSink(IEnumerable<string> checksumAlgorithms, bool computeSha256, long maxBytes) =>
        new(Path.Combine(_tempDirectory, Guid.NewGuid().ToString("N") + ".tmp"), checksumAlgorithms, computeSha256, maxBytes);

    /// <summary>Opens a committed blob for reading, or null when it is gone (replaced since its row was read).</summary>
    public FileStream? OpenBlob(string blobId)
    {
        try
        {
            return new FileStream(BlobPath(blobId), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
                Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
            });
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Removes temp files and blobs no row refers to, left by a crash between writing a blob and committing
    /// its row (or between a commit and deleting the blob it replaced). Only files older than this store
    /// instance are touched, so uploads already running are safe.
    /// </summary>
    public async Task<int> CollectOrphansAsync(CancellationToken ct)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(_tempDirectory))
        {
            if (File.GetLastWriteTimeUtc(file) < _startedUtc && TryDelete(file))
            {
                removed++;
            }
        }

        var referenced = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = await _store.OpenConnectionAsync(ct).ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand("SELECT blob_id FROM s3_objects UNION SELECT blob_id FROM s3_parts", null);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                referenced.Add(reader.GetString(0));
            }
        }

        foreach (var file in Directory.EnumerateFiles(_blobDirectory, "*", SearchOption.AllDirectories))
        {
            if (!referenced.Contains(Path.GetFileName(file)) && File.GetLastWriteTimeUtc(file) < _startedUtc && TryDelete(file))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Where a blob lives: two levels of fan-out keep folders small.</summary>
    internal string BlobPath(string blobId) => Path.Combine(_blobDirectory, blobId[..2], blobId);

    /// <summary>Moves a flushed temp file into the blob folder under a new id (a rename within one file system).</summary>
    private string Promote(PendingBlob blob)
    {
        var blobId = Guid.NewGuid().ToString("N");
        var path = BlobPath(blobId);
        PrivateFiles.EnsureDirectory(Path.GetDirectoryName(path)!);
        File.Move(blob.TempPath, path);
        return blobId;
    }

    private void DeleteBlob(string? blobId)
    {
        if (blobId is not null)
        {
            TryDelete(BlobPath(blobId));
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private DateTimeOffset Now()
    {
        // Whole seconds: HTTP dates (Last-Modified, If-Modified-Since) carry no more.
        var now = _time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static string Text(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string Json(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values);

    private static Dictionary<string, string> ParseJson(string text) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(text) ?? [];

    private static async Task<string?> ScalarTextAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(sql, transaction, parameters);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }
}
