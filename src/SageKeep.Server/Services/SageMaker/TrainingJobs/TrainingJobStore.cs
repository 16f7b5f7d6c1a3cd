using System.Runtime.Versioning;
using System.Data.Common;
using System.Text.Json.Nodes;
using SageKeep.Server.Registry.Storage;
using SageKeep.Server.Services.SageMaker.Tags;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>Training jobs as one JSON document each (the DescribeTrainingJob answer) in <c>training_jobs</c>, and their log events.</summary>
[SupportedOSPlatform("linux")]
internal sealed partial class TrainingJobStore(IStateStore store) : ITaggableResources
{
    public Task<bool> AddAsync(string name, string arn, DateTimeOffset created, JsonObject document, IReadOnlyDictionary<string, string>? tags, CancellationToken ct) =>
        SageMakerTagStore.AfterTagWriteAsync(store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand(
                    """
                    INSERT INTO training_jobs (name, arn, status, created_at, run_id, document)
                    SELECT @name, @arn, 'InProgress', @created, NULL, @document
                    WHERE NOT EXISTS (SELECT 1 FROM training_jobs WHERE name = @name)
                    """,
                    transaction,
                    ("@name", name),
                    ("@arn", arn),
                    ("@created", RegistryStore.Text(created)),
                    ("@document", document.ToJsonString()));
                if (await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) != 1)
                {
                    return false;
                }

                await SageMakerTagStore.ReplaceInTransactionAsync(connection, transaction, arn, tags, token).ConfigureAwait(false);
                return true;
            },
            ct));

    /// <summary>Whether the ARN names one of these resources (for the tag operations).</summary>
    public Task<bool> ExistsAsync(string arn, CancellationToken ct) =>
        store.AnyAsync("SELECT 1 FROM training_jobs WHERE arn = @arn", ct, ("@arn", arn));

    /// <summary>Reads, changes and writes one job's document in one transaction; false when the job does not exist.</summary>
    public Task<bool> UpdateAsync(string name, Func<JsonObject, bool> change, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                JsonObject? document;
                await using (var read = connection.CreateCommand("SELECT document FROM training_jobs WHERE name = @name", transaction, ("@name", name)))
                {
                    document = await read.ExecuteScalarAsync(token).ConfigureAwait(false) is string text ? JsonNode.Parse(text) as JsonObject : null;
                }

                if (document is null || !change(document))
                {
                    return false;
                }

                await using var write = connection.CreateCommand(
                    "UPDATE training_jobs SET status = @status, run_id = @run, document = @document WHERE name = @name",
                    transaction,
                    ("@name", name),
                    ("@status", document["TrainingJobStatus"]?.GetValue<string>() ?? "InProgress"),
                    ("@run", document[TrainingJobService.RunIdMember]?.GetValue<string>()),
                    ("@document", document.ToJsonString()));
                await write.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                return true;
            },
            ct);

    public async Task<JsonObject?> GetAsync(string nameOrArn, CancellationToken ct) =>
        (await store.QueryDocumentsAsync("SELECT document FROM training_jobs WHERE name = @name OR arn = @name", ct, ("@name", nameOrArn)).ConfigureAwait(false)).FirstOrDefault();

    public Task<List<JsonObject>> ListAsync(CancellationToken ct) =>
        store.QueryDocumentsAsync("SELECT document FROM training_jobs ORDER BY created_at, name", ct);

    /// <summary>Jobs not yet ended (InProgress or Stopping): what reconciliation looks at after a restart.</summary>
    public Task<List<JsonObject>> ListUnfinishedAsync(CancellationToken ct) =>
        store.QueryDocumentsAsync("SELECT document FROM training_jobs WHERE status IN ('InProgress', 'Stopping')", ct);

    public Task AppendLogEventsAsync(string stream, IReadOnlyList<(long Timestamp, string Message)> events, long ingestion, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                long next;
                await using (var max = connection.CreateCommand("SELECT COALESCE(MAX(seq), 0) FROM training_log_events WHERE log_stream = @stream", transaction, ("@stream", stream)))
                {
                    next = Convert.ToInt64(await max.ExecuteScalarAsync(token).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                }

                foreach (var (timestamp, message) in events)
                {
                    await using var insert = connection.CreateCommand(
                        "INSERT INTO training_log_events (log_stream, seq, timestamp_ms, ingestion_ms, message) VALUES (@stream, @seq, @ts, @ing, @msg)",
                        transaction,
                        ("@stream", stream),
                        ("@seq", ++next),
                        ("@ts", timestamp),
                        ("@ing", ingestion),
                        ("@msg", message));
                    await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }
            },
            ct);

    /// <summary>Events of streams starting with <paramref name="streamPrefix"/> (or exactly <paramref name="stream"/>), in order, after sequence <paramref name="afterSeq"/>.</summary>
    public async Task<List<StoredLogEvent>> ReadLogEventsAsync(string? stream, string? streamPrefix, long afterSeq, int limit, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using DbCommand command = connection.CreateCommand(
            """
            SELECT log_stream, seq, timestamp_ms, ingestion_ms, message FROM training_log_events
            WHERE (@stream IS NULL OR log_stream = @stream) AND (@prefix IS NULL OR substr(log_stream, 1, length(@prefix)) = @prefix) AND seq > @after
            ORDER BY log_stream, seq LIMIT @limit
            """,
            null,
            ("@stream", stream),
            ("@prefix", streamPrefix),
            ("@after", afterSeq),
            ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<StoredLogEvent>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new StoredLogEvent(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4)));
        }

        return list;
    }

    /// <summary>Every log stream with its first and last event times, by name.</summary>
    public async Task<List<(string Stream, long First, long Last, long LastIngestion)>> ListLogStreamsAsync(CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using DbCommand command = connection.CreateCommand(
            "SELECT log_stream, MIN(timestamp_ms), MAX(timestamp_ms), MAX(ingestion_ms) FROM training_log_events GROUP BY log_stream ORDER BY log_stream",
            null);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<(string, long, long, long)>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return list;
    }
}
