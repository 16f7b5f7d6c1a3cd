using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// Writes records inside one import transaction with prepared statements. A record already stored under
/// the same (source, id) is replaced when the incoming one is newer (modified time) or, for feeds without
/// times, when its content differs; an older incoming record never replaces a newer stored one.
/// </summary>
internal sealed class RecordWriter(SqliteConnection connection, SqliteTransaction transaction, long importId, string importedAt) : IDisposable
{
    // One prepared statement per SQL text for the whole import (SQLite compiles a statement once, not per row).
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public int Added { get; private set; }

    public int Updated { get; private set; }

    public int Unchanged { get; private set; }

    public int Stale { get; private set; }

    /// <summary>Each source written, with the last file that had records of it.</summary>
    public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);

    public void Write(VulnRecord record, string fileName)
    {
        Sources[record.Source] = fileName;
        var document = JsonSerializer.Serialize(record);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

        // 1. Compare with the stored version, if any.
        var find = Bind("SELECT id, modified, content_hash FROM records WHERE source = $p0 AND record_id = $p1", [record.Source, record.Id]);
        {
            using var existing = find.ExecuteReader();
            if (existing.Read())
            {
                var rowId = existing.GetInt64(0);
                var storedModified = DbTime.FromDb(existing.GetValue(1));
                var storedHash = existing.GetString(2);
                existing.Close();
                if (record.Modified is { } incoming && storedModified is { } stored && incoming <= stored)
                {
                    if (incoming == stored)
                    {
                        Unchanged++;
                    }
                    else
                    {
                        Stale++;
                    }

                    return;
                }

                if (storedHash == hash)
                {
                    Unchanged++;
                    return;
                }

                // 2. Replace: children go with the row (ON DELETE CASCADE).
                Execute("DELETE FROM records WHERE id = $p0", rowId);
                Updated++;
            }
            else
            {
                Added++;
            }
        }

        // 3. Insert the record and its lookup rows.
        var recordRow = Insert(
            "INSERT INTO records (source, record_id, published, modified, withdrawn, file_name, imported_at, import_id, content_hash, document) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9)",
            record.Source, record.Id, DbTime.ToDb(record.Published), DbTime.ToDb(record.Modified), DbTime.ToDb(record.Withdrawn),
            fileName, importedAt, importId, hash, document);
        foreach (var alias in record.Aliases.Distinct(StringComparer.Ordinal))
        {
            Execute("INSERT INTO aliases (record, alias) VALUES ($p0, $p1)", recordRow, alias);
        }

        // Only the rows lookups use: ranges, severities, CWEs and references are read from the document.
        foreach (var affected in record.Affected)
        {
            Execute(
                "INSERT INTO affected (record, namespace, release, package, raw_name, purl, version_scheme, fix_state, fixed_version, severity, versions) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10)",
                recordRow, affected.Namespace, affected.Release, affected.Name, affected.RawName, affected.Purl, affected.VersionScheme,
                FixStates.ToText(affected.FixState), affected.FixedVersion, affected.Severity,
                affected.Versions.Count == 0 ? null : JsonSerializer.Serialize(affected.Versions));
        }

        foreach (var m in record.CpeMatches)
        {
            Execute("INSERT INTO cpe_matches (record, criteria, vulnerable, vendor, product, version, start_including, start_excluding, end_including, end_excluding) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9)",
                recordRow, m.Criteria, m.Vulnerable ? 1 : 0, m.Vendor, m.Product, m.Version,
                m.VersionStartIncluding, m.VersionStartExcluding, m.VersionEndIncluding, m.VersionEndExcluding);
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }

    private long Insert(string sql, params object?[] values) => (long)Bind(sql + " RETURNING rowid", values).ExecuteScalar()!;

    private void Execute(string sql, params object?[] values) => Bind(sql, values).ExecuteNonQuery();

    private SqliteCommand Bind(string sql, object?[] values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter($"$p{i}", null));
            }

            command.Prepare();
            _commands[sql] = command;
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }
}
