using System.IO.Compression;
using Microsoft.Data.Sqlite;

namespace SageKeep.Scanning.VulnDb;

public sealed partial class VulnDatabase
{
    /// <summary>SQLite page cache during an import: 64 MiB (the default is 2 MB).</summary>
    private const int ImportCacheKibibytes = 65536;

    /// <summary>
    /// Imports feed files (or directories of OSV .json files, or zips of an OSV ecosystem export) in one
    /// transaction: either every record of every file is written, or nothing is. The format of each file is
    /// recognised from its content unless <paramref name="format"/> forces one.
    /// </summary>
    public Task<ImportResult> ImportAsync(IReadOnlyList<string> paths, FeedFormat? format, IProgress<ImportProgress>? progress, CancellationToken cancellationToken) =>
        ImportAsync(paths, format, progress, FeedLimits.Default, cancellationToken);

    public async Task<ImportResult> ImportAsync(IReadOnlyList<string> paths, FeedFormat? format, IProgress<ImportProgress>? progress, FeedLimits limits, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var inputs = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                inputs.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                inputs.Add(path);
            }
            else
            {
                return ImportResult.Failed($"{path}: no such file or directory");
            }
        }

        var now = DbTime.ToDb(_time.GetUtcNow());

        // A large import inserts into several indexes at random keys: a bigger page cache (bounded, for this import only)
        // keeps their pages in memory instead of re-reading them for every record. synchronous=NORMAL: in WAL mode a
        // commit is still atomic (a crash or power loss leaves the previous or the new contents, never a mix); only the
        // fsync of the WAL at commit is left to the next checkpoint. temp_store stays on disk, so the sorts that build
        // the deferred indexes spill to temporary files instead of growing in memory.
        var synchronous = await ScalarAsync(_connection, "PRAGMA synchronous", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(_connection, $"PRAGMA cache_size = -{ImportCacheKibibytes}; PRAGMA synchronous = NORMAL", cancellationToken).ConfigureAwait(false);
        try
        {
            return Import(inputs, format, progress, limits, now, cancellationToken);
        }
        finally
        {
            await ExecuteAsync(_connection, $"PRAGMA cache_size = -2000; PRAGMA synchronous = {synchronous}", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private ImportResult Import(List<string> inputs, FeedFormat? format, IProgress<ImportProgress>? progress, FeedLimits limits, object now, CancellationToken cancellationToken)
    {
        using var transaction = _connection.BeginTransaction();
        try
        {
            var importId = Insert(transaction, "INSERT INTO imports (started_at, files) VALUES ($p0, $p1)", now, string.Join('\n', inputs.Select(System.IO.Path.GetFileName)));

            // Into an empty database (a first import, the large one), the lookup indexes keyed in random order are built
            // once at the end from the finished tables: one sort each instead of a random B-tree insert per row. DDL is
            // part of the transaction, so a failed or cancelled import rolls the indexes back with everything else.
            var deferIndexes = Insert(transaction, "SELECT NOT EXISTS (SELECT 1 FROM records)") == 1;
            if (deferIndexes)
            {
                foreach (var (name, _) in VulnDbSchema.DeferrableIndexes)
                {
                    Execute(transaction, $"DROP INDEX IF EXISTS {name}");
                }
            }

            using var writer = new RecordWriter(_connection, transaction, importId, (string)now);
            for (var i = 0; i < inputs.Count; i++)
            {
                ImportFile(inputs[i], i, inputs.Count, format, limits, writer, progress, cancellationToken);
            }

            if (deferIndexes)
            {
                foreach (var (_, create) in VulnDbSchema.DeferrableIndexes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Execute(transaction, create);
                }
            }

            foreach (var (source, lastFile) in writer.Sources)
            {
                Insert(transaction, "INSERT INTO sources (name, last_import_at, last_file, last_import_id) VALUES ($p0, $p1, $p2, $p3) ON CONFLICT (name) DO UPDATE SET last_import_at = excluded.last_import_at, last_file = excluded.last_file, last_import_id = excluded.last_import_id RETURNING rowid",
                    source, now, lastFile, importId);
            }

            Insert(transaction, "UPDATE imports SET finished_at = $p0, added = $p1, updated = $p2, unchanged = $p3 WHERE id = $p4 RETURNING id",
                DbTime.ToDb(_time.GetUtcNow()), writer.Added, writer.Updated, writer.Unchanged, importId);
            transaction.Commit();
            ContentsChanged();
            return new ImportResult(true, null, inputs.Count, writer.Added, writer.Updated, writer.Unchanged, writer.Stale);
        }
        catch (FeedException e)
        {
            transaction.Rollback();
            return ImportResult.Failed(e.Message);
        }
        catch (OperationCanceledException)
        {
            transaction.Rollback();
            return ImportResult.Failed("the import was cancelled; the database is unchanged");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or SqliteException)
        {
            transaction.Rollback();
            return ImportResult.Failed($"the import failed, the database is unchanged: {e.Message}");
        }
    }

    private static void ImportFile(string path, int index, int count, FeedFormat? forced, FeedLimits limits, RecordWriter writer, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var name = System.IO.Path.GetFileName(path);
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            // An OSV ecosystem export (osv-vulnerabilities.storage.googleapis.com/<ecosystem>/all.zip): one record per entry.
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
            {
                using var entryStream = entry.Open();
                using var memory = new MemoryStream(FeedStreams.ReadBytes(entryStream, $"{name}!{entry.FullName}", limits));
                ImportStream(memory, $"{name}!{entry.FullName}", index, count, forced ?? FeedFormat.Osv, limits, writer, progress, cancellationToken);
            }

            return;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        var prefix = new byte[FeedDetector.PrefixBytes];
        var length = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        var format = forced ?? FeedDetector.Detect(prefix.AsSpan(0, length))
            ?? throw new FeedException($"{name}: not a recognised feed (Debian tracker JSON, Alpine secdb YAML/JSON, OSV JSON, NVD CVE API 2.0 JSON); use --format to force one");
        if (stream.CanSeek)
        {
            stream.Position = 0;
            ImportStream(stream, name, index, count, format, limits, writer, progress, cancellationToken);
        }
        else if (format == FeedFormat.Osv)
        {
            // The OSV parser looks ahead for an array; records and arrays of them are read whole anyway (bounded).
            using var replay = new PrefixedStream(prefix, length, stream);
            using var memory = new MemoryStream(FeedStreams.ReadBytes(replay, name, limits));
            ImportStream(memory, name, index, count, format, limits, writer, progress, cancellationToken);
        }
        else
        {
            // A pipe, a FIFO or a gzip file (NVD publishes its yearly feeds as .json.gz): no going back, so the
            // detection prefix is replayed in front of the rest.
            using var replay = new PrefixedStream(prefix, length, stream);
            ImportStream(replay, name, index, count, format, limits, writer, progress, cancellationToken);
        }
    }

    /// <summary>Whether a seekable file starts with the gzip magic bytes (RFC 1952); the file is rewound.</summary>
    private static bool IsGzip(FileStream file)
    {
        if (!file.CanSeek)
        {
            return false;
        }

        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static void ImportStream(Stream stream, string name, int index, int count, FeedFormat format, FeedLimits limits, RecordWriter writer, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var records = 0;
        var total = stream.CanSeek ? stream.Length : 0;
        foreach (var record in FeedDetector.ParserFor(format).Read(stream, name, limits))
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.Write(record, name);
            if (++records % 1000 == 0)
            {
                progress?.Report(new ImportProgress(name, index, count, stream.Position, total, records, false));
            }
        }

        progress?.Report(new ImportProgress(name, index, count, total, total, records, true));
    }

    private void Execute(SqliteTransaction transaction, string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private long Insert(SqliteTransaction transaction, string sql, params object?[] values)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql.Contains("RETURNING", StringComparison.Ordinal) || sql.StartsWith("SELECT", StringComparison.Ordinal) ? sql : sql + " RETURNING rowid";
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue($"$p{i}", values[i] ?? DBNull.Value);
        }

        return (long)command.ExecuteScalar()!;
    }
}
