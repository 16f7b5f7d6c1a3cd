using SageKeep.Server.Storage;

namespace SageKeep.Server.Audit;

internal sealed partial class JsonLinesAuditTrail
{
    /// <summary>Step 1: append the lines to each day's file and fsync; Step 2: index them in one transaction.</summary>
    private async Task WriteBatchAsync(List<Pending> batch)
    {
        var placed = new List<(Pending Pending, string File, long Offset)>(batch.Count);
        foreach (var group in batch.GroupBy(p => FileNameFor(p.Record.EventTime)))
        {
            var path = Path.Combine(_directory, group.Key);
            var options = new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                Share = FileShare.Read,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = PrivateFiles.FileMode;
            }

            await using var stream = new FileStream(path, options);
            foreach (var pending in group)
            {
                placed.Add((pending, group.Key, stream.Position));
                await stream.WriteAsync(pending.Line).ConfigureAwait(false);
            }

            stream.Flush(flushToDisk: true);
        }

        await _store.InTransactionAsync(
            async (connection, transaction, ct) =>
            {
                foreach (var (pending, file, offset) in placed)
                {
                    var record = pending.Record;
                    await using var command = connection.CreateCommand(
                        """
                        INSERT INTO audit_events (event_time, request_id, principal_arn, access_key_id, service, event_name, action, decision, error_code, file_name, file_offset, line_length)
                        VALUES (@time, @request, @principal, @key, @service, @event, @action, @decision, @error, @file, @offset, @length)
                        """,
                        transaction,
                        ("@time", AuditTime.Format(record.EventTime)),
                        ("@request", record.RequestId),
                        ("@principal", record.PrincipalArn),
                        ("@key", record.AccessKeyId),
                        ("@service", record.Service),
                        ("@event", record.EventName),
                        ("@action", record.Action),
                        ("@decision", record.Decision),
                        ("@error", record.ErrorCode),
                        ("@file", file),
                        ("@offset", offset),
                        ("@length", pending.Line.Length));
                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                return placed.Count;
            },
            CancellationToken.None).ConfigureAwait(false);
    }
}
