using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SageKeep.Scanning.VulnDb;

public sealed partial class VulnDatabase
{
    /// <summary>
    /// Every affected entry for a package: <paramref name="ns"/> and <paramref name="name"/> as
    /// <see cref="PackageNames"/> normalises them, <paramref name="release"/> "" for ecosystems. Withdrawn
    /// records are left out. The matcher compares the package version with each entry's ranges/versions.
    /// </summary>
    public async Task<IReadOnlyList<AffectedMatch>> FindAffectedAsync(string ns, string release, string name, CancellationToken cancellationToken) =>
        (await FindAffectedAsync(ns, release, [name], cancellationToken).ConfigureAwait(false))[name];

    /// <summary>Whether any record names a package of (<paramref name="ns"/>, <paramref name="release"/>): a scan warns when its distribution has no data.</summary>
    public async Task<bool> HasNamespaceAsync(string ns, string release, CancellationToken cancellationToken)
    {
        var command = Prepared("SELECT EXISTS (SELECT 1 FROM affected WHERE namespace = $ns AND release = $release)");
        command.Parameters["$ns"].Value = ns;
        command.Parameters["$release"].Value = release;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long found && found != 0;
    }

    /// <summary>The stored record, or null.</summary>
    public async Task<VulnRecord?> GetRecordAsync(string source, string id, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT document FROM records WHERE source = $source AND record_id = $id";
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string document ? Deserialize(document) : null;
    }

    /// <summary>
    /// Records whose id or alias is <paramref name="id"/> (e.g. a CVE id → the NVD record, OSV records
    /// aliasing it, distro records for it): how a matcher merges aliases and enriches findings with NVD data.
    /// </summary>
    public async Task<IReadOnlyList<VulnRecord>> FindByIdOrAliasAsync(string id, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT document FROM records WHERE record_id = $id
            UNION SELECT r.document FROM aliases a JOIN records r ON r.id = a.record WHERE a.alias = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        var records = new List<VulnRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(Deserialize(reader.GetString(0)));
        }

        return records;
    }

    /// <summary>NVD CPE matches for a (vendor, product), with the CVE they belong to.</summary>
    public async Task<IReadOnlyList<(string CveId, CpeMatch Match)>> FindCpeMatchesAsync(string vendor, string product, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT r.record_id, c.criteria, c.vulnerable, c.vendor, c.product, c.version, c.start_including, c.start_excluding, c.end_including, c.end_excluding
            FROM cpe_matches c JOIN records r ON r.id = c.record
            WHERE c.vendor = $vendor AND c.product = $product AND r.withdrawn IS NULL
            """;
        command.Parameters.AddWithValue("$vendor", vendor);
        command.Parameters.AddWithValue("$product", product);
        var matches = new List<(string, CpeMatch)>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            matches.Add((reader.GetString(0), new CpeMatch(reader.GetString(1), reader.GetInt64(2) != 0, reader.GetString(3), reader.GetString(4), reader.GetString(5),
                Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9))));
        }

        return matches;
    }

    /// <summary>
    /// Per source: record count, withdrawn count, newest modified time, last import. Counting reads every record, so
    /// the answer is kept until the database changes (see <see cref="DataVersionAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<SourceStatus>> GetStatusAsync(CancellationToken cancellationToken)
    {
        var version = await DataVersionAsync(cancellationToken).ConfigureAwait(false);
        if (_status is { } cached && cached.DataVersion == version)
        {
            return cached.Status;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT s.name, COUNT(r.id), COUNT(r.withdrawn), MAX(r.modified), s.last_import_at, s.last_file
            FROM sources s LEFT JOIN records r ON r.source = s.name
            GROUP BY s.name ORDER BY s.name
            """;
        var status = new List<SourceStatus>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            status.Add(new SourceStatus(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), DbTime.FromDb(reader.GetValue(3)),
                DbTime.FromDb(reader.GetValue(4)), Text(reader, 5)));
        }

        _status = (version, status);
        return status;
    }

    /// <summary>
    /// Removes withdrawn records and, when <paramref name="olderThan"/> is given, every record of a source not
    /// imported since then; one transaction.
    /// </summary>
    public async Task<PruneResult> PruneAsync(DateTimeOffset? olderThan, CancellationToken cancellationToken)
    {
        using var transaction = _connection.BeginTransaction();
        var withdrawn = await ExecuteAsync(transaction, "DELETE FROM records WHERE withdrawn IS NOT NULL", null, cancellationToken).ConfigureAwait(false);
        var stale = 0;
        var removed = new List<string>();
        if (olderThan is { } cutoff)
        {
            using (var select = _connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT name FROM sources WHERE last_import_at < $cutoff ORDER BY name";
                select.Parameters.AddWithValue("$cutoff", DbTime.ToDb(cutoff));
                using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    removed.Add(reader.GetString(0));
                }
            }

            stale = await ExecuteAsync(transaction, "DELETE FROM records WHERE source IN (SELECT name FROM sources WHERE last_import_at < $cutoff)", cutoff, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(transaction, "DELETE FROM sources WHERE last_import_at < $cutoff", cutoff, cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();
        ContentsChanged();
        return new PruneResult(withdrawn, stale, removed);
    }

    private async Task<int> ExecuteAsync(SqliteTransaction transaction, string sql, DateTimeOffset? cutoff, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (cutoff is not null)
        {
            command.Parameters.AddWithValue("$cutoff", DbTime.ToDb(cutoff));
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Text(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static VulnRecord Deserialize(string document) =>
        JsonSerializer.Deserialize<VulnRecord>(document) ?? throw new InvalidDataException("a stored record is null");
}
