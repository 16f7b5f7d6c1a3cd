using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// The lookups a scan makes, batched: one query per (namespace, release) for every package name of an image and
/// one query for every record a scan's findings need, instead of one round trip per package and per CVE. The
/// statements are prepared once per connection and reused; a record shared by several packages is parsed once
/// per batch. The status a scan starts with is cached until the database changes (an import or prune through
/// this connection, or a commit by another connection: SQLite's <c>PRAGMA data_version</c>).
/// </summary>
public sealed partial class VulnDatabase
{
    private const string AffectedBatchSql = """
        SELECT a.package, r.source, r.record_id, r.document
        FROM affected a JOIN records r ON r.id = a.record
        WHERE a.namespace = $ns AND a.release = $release AND a.package IN (SELECT value FROM json_each($names)) AND r.withdrawn IS NULL
        ORDER BY a.package, r.source, r.record_id, a.id
        """;

    private const string RecordBatchSql = """
        SELECT record_id, document FROM records
        WHERE source = $source AND record_id IN (SELECT value FROM json_each($ids))
        """;

    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private (long DataVersion, IReadOnlyList<SourceStatus> Status)? _status;

    /// <summary>
    /// <see cref="FindAffectedAsync(string, string, string, CancellationToken)"/> for many package names of one (<paramref name="ns"/>, <paramref name="release"/>)
    /// in one query: every name of <paramref name="names"/> is a key of the result (an empty list when nothing names it).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<AffectedMatch>>> FindAffectedAsync(
        string ns, string release, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var result = new Dictionary<string, List<AffectedMatch>>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            result[name] = [];
        }

        if (result.Count == 0)
        {
            return result.ToDictionary(p => p.Key, p => (IReadOnlyList<AffectedMatch>)p.Value, StringComparer.Ordinal);
        }

        var command = Prepared(AffectedBatchSql);
        command.Parameters["$names"].Value = JsonSerializer.Serialize(result.Keys);
        command.Parameters["$ns"].Value = ns;
        command.Parameters["$release"].Value = release;
        var parsed = new Dictionary<(string, string), VulnRecord>();
        var seen = new HashSet<(string, string, string)>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = reader.GetString(0);
            var source = reader.GetString(1);
            var id = reader.GetString(2);
            if (!seen.Add((name, source, id)))
            {
                continue;
            }

            if (!parsed.TryGetValue((source, id), out var record))
            {
                record = Deserialize(reader.GetString(3));
                parsed[(source, id)] = record;
            }

            var matches = result[name];
            foreach (var affected in record.Affected)
            {
                if (affected.Namespace == ns && affected.Release == release && affected.Name == name)
                {
                    matches.Add(new AffectedMatch(source, id, record.Aliases, affected) { Record = record });
                }
            }
        }

        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<AffectedMatch>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>The stored records of <paramref name="source"/> among <paramref name="ids"/>, by id, in one query (missing ids are absent).</summary>
    public async Task<IReadOnlyDictionary<string, VulnRecord>> GetRecordsAsync(string source, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var records = new Dictionary<string, VulnRecord>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return records;
        }

        var command = Prepared(RecordBatchSql);
        command.Parameters["$ids"].Value = JsonSerializer.Serialize(ids.Distinct(StringComparer.Ordinal));
        command.Parameters["$source"].Value = source;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records[reader.GetString(0)] = Deserialize(reader.GetString(1));
        }

        return records;
    }

    /// <summary>A statement prepared once on this connection, its parameters (named <c>$x</c> in the SQL) created once and reassigned per use.</summary>
    private SqliteCommand Prepared(string sql)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in ParameterNames(sql).Distinct(StringComparer.Ordinal))
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            command.Prepare();
            _prepared[sql] = command;
        }

        return command;
    }

    private static IEnumerable<string> ParameterNames(string sql)
    {
        for (var i = sql.IndexOf('$', StringComparison.Ordinal); i >= 0; i = sql.IndexOf('$', i + 1))
        {
            var end = i + 1;
            while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
            {
                end++;
            }

            yield return sql[i..end];
        }
    }

    /// <summary>SQLite's counter of commits by other connections; the cached status is valid while it and this connection's writes are unchanged.</summary>
    private async Task<long> DataVersionAsync(CancellationToken cancellationToken)
    {
        var command = Prepared("PRAGMA data_version");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : -1;
    }

    /// <summary>Forgets what was cached about the contents: called after every write through this connection.</summary>
    private void ContentsChanged() => _status = null;

    private void DisposePrepared()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
    }
}
