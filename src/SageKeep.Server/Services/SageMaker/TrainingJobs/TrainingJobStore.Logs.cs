using System.Data.Common;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>Log event reads for GetLogEvents (one stream, by sequence) and FilterLogEvents (all streams, in time order), and DeleteTrainingJob.</summary>
internal sealed partial class TrainingJobStore
{
    private static readonly string[] FinalStatuses = ["Completed", "Failed", "Stopped"];

    /// <summary>
    /// One page of a stream: events with <c>afterSeq &lt; seq &lt; beforeSeq</c> and <c>start &lt;= timestamp &lt; end</c>,
    /// the first <paramref name="limit"/> from the head, or (<paramref name="fromTail"/>) the last ones; always returned in stream order.
    /// </summary>
    public async Task<List<StoredLogEvent>> ReadStreamPageAsync(string stream, long afterSeq, long beforeSeq, long start, long end, int limit, bool fromTail, CancellationToken ct)
    {
        var order = fromTail ? "DESC" : "ASC";
        var list = await ReadEventsAsync(
            $"""
            SELECT log_stream, seq, timestamp_ms, ingestion_ms, message FROM training_log_events
            WHERE log_stream = @stream AND seq > @after AND seq < @before AND timestamp_ms >= @start AND timestamp_ms < @end
            ORDER BY seq {order} LIMIT @limit
            """,
            ct,
            ("@stream", stream),
            ("@after", afterSeq),
            ("@before", beforeSeq),
            ("@start", start),
            ("@end", end),
            ("@limit", limit)).ConfigureAwait(false);
        if (fromTail)
        {
            list.Reverse();
        }

        return list;
    }

    /// <summary>Whether the stream has any event (CloudWatch Logs creates a training job's stream with its first line).</summary>
    public async Task<bool> LogStreamExistsAsync(string stream, CancellationToken ct) =>
        (await ReadEventsAsync("SELECT log_stream, seq, timestamp_ms, ingestion_ms, message FROM training_log_events WHERE log_stream = @stream LIMIT 1", ct, ("@stream", stream)).ConfigureAwait(false)).Count > 0;

    /// <summary>
    /// Events of every stream (or of <paramref name="streams"/>, or of those starting with <paramref name="prefix"/>) in
    /// (timestamp, stream, sequence) order strictly after <paramref name="after"/>, within [start, end).
    /// </summary>
    public Task<List<StoredLogEvent>> ReadInTimeOrderAsync(IReadOnlyList<string>? streams, string? prefix, long start, long end, (long Timestamp, string Stream, long Seq)? after, int limit, CancellationToken ct)
    {
        var parameters = new List<(string Name, object? Value)>
        {
            ("@prefix", prefix),
            ("@start", start),
            ("@end", end),
            ("@limit", limit),
            ("@ats", after?.Timestamp ?? long.MinValue),
            ("@astream", after?.Stream ?? string.Empty),
            ("@aseq", after?.Seq ?? long.MinValue),
        };
        var inList = string.Empty;
        if (streams is not null)
        {
            inList = " AND log_stream IN (" + string.Join(", ", streams.Select((s, i) => "@s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";
            parameters.AddRange(streams.Select((s, i) => ("@s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)s)));
        }

        return ReadEventsAsync(
            $"""
            SELECT log_stream, seq, timestamp_ms, ingestion_ms, message FROM training_log_events
            WHERE timestamp_ms >= @start AND timestamp_ms < @end
              AND (@prefix IS NULL OR substr(log_stream, 1, length(@prefix)) = @prefix){inList}
              AND (timestamp_ms > @ats OR (timestamp_ms = @ats AND (log_stream > @astream OR (log_stream = @astream AND seq > @aseq))))
            ORDER BY timestamp_ms, log_stream, seq LIMIT @limit
            """,
            ct,
            [.. parameters]);
    }

    /// <summary>Deletes a job in a final state; the status it was found in (null: no such job), and whether it was deleted.</summary>
    public Task<(string? Status, bool Deleted)> DeleteFinishedAsync(string nameOrArn, CancellationToken ct) =>
        Tags.SageMakerTagStore.AfterTagWriteAsync(store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                string? status;
                await using (var read = connection.CreateCommand("SELECT status FROM training_jobs WHERE name = @name OR arn = @name", transaction, ("@name", nameOrArn)))
                {
                    status = await read.ExecuteScalarAsync(token).ConfigureAwait(false) as string;
                }

                if (status is null || !FinalStatuses.Contains(status))
                {
                    return (status, false);
                }

                // The job's tags go with it, so a name used again starts without tags.
                await using (var tags = connection.CreateCommand("DELETE FROM sagemaker_tags WHERE arn IN (SELECT arn FROM training_jobs WHERE name = @name OR arn = @name)", transaction, ("@name", nameOrArn)))
                {
                    await tags.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                await using var delete = connection.CreateCommand("DELETE FROM training_jobs WHERE name = @name OR arn = @name", transaction, ("@name", nameOrArn));
                return (status, await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false) > 0);
            },
            ct));

    private async Task<List<StoredLogEvent>> ReadEventsAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using DbCommand command = connection.CreateCommand(sql, null, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<StoredLogEvent>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new StoredLogEvent(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4)));
        }

        return list;
    }
}
