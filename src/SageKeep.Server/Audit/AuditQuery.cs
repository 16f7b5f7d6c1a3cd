using System.Text;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Audit;

/// <summary>
/// Reads the audit trail: filters the index in the state store, then reads each record's line from its
/// file at the indexed offset. A line that no longer parses is reported as missing, never guessed at.
/// </summary>
public sealed class AuditQuery(IStateStore store, string auditDirectory)
{
    private const int MaxLineBytes = 1024 * 1024;

    public async Task<IReadOnlyList<AuditRecord>> FindAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var sql = new StringBuilder("SELECT file_name, file_offset, line_length FROM audit_events WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        Where(sql, parameters, "principal_arn = @principal", "@principal", filter.PrincipalArn);
        Where(sql, parameters, "action = @action", "@action", filter.Action);
        Where(sql, parameters, "decision = @decision", "@decision", filter.Decision);
        Where(sql, parameters, "event_time >= @from", "@from", filter.From is { } from ? AuditTime.Format(from) : null);
        Where(sql, parameters, "event_time <= @to", "@to", filter.To is { } to ? AuditTime.Format(to) : null);
        sql.Append(" ORDER BY event_time DESC, id DESC LIMIT @limit");
        parameters.Add(("@limit", Math.Clamp(filter.Limit, 1, 100_000)));

        var locations = new List<(string File, long Offset, int Length)>();
        await using (var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = connection.CreateCommand(sql.ToString(), null, [.. parameters]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                locations.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2)));
            }
        }

        var records = new List<AuditRecord>(locations.Count);
        foreach (var (file, offset, length) in locations)
        {
            if (await ReadLineAsync(file, offset, length, cancellationToken).ConfigureAwait(false) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    private async Task<AuditRecord?> ReadLineAsync(string file, long offset, int length, CancellationToken cancellationToken)
    {
        // The file name comes from our own index; still refuse anything that is not a plain file name.
        if (length <= 0 || length > MaxLineBytes || Path.GetFileName(file) != file)
        {
            return null;
        }

        var path = Path.Combine(auditDirectory, file);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (offset + length > stream.Length)
        {
            return null;
        }

        stream.Position = offset;
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        return AuditJson.FromLine(buffer.AsSpan().TrimEnd((byte)'\n'));
    }

    private static void Where(StringBuilder sql, List<(string, object?)> parameters, string clause, string name, string? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(clause);
            parameters.Add((name, value));
        }
    }
}
