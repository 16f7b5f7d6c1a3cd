using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Runtime.Jobs;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>The runner's sinks: transitions into the job document (SecondaryStatusTransitions), lines into the log stream.</summary>
[SupportedOSPlatform("linux")]
internal sealed partial class TrainingJobService
{
    public async Task OnTransitionAsync(TrainingJobTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var reason = transition.FailureReason;
        var state = transition.State;
        string? artifact = null;

        // A model exists for Completed, Stopped and MaxRuntimeExceeded: it is in S3 before the job says so.
        var archive = Path.Combine(OutputDirectory(transition.JobName), "model.tar.gz");
        if (transition.IsFinal && File.Exists(archive))
        {
            try
            {
                artifact = await UploadModelAsync(transition.JobName, archive, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Log.UploadFailed(logger, ex, transition.JobName);
                state = TrainingJobState.Failed;
                reason = "ClientError: the model could not be uploaded to S3OutputPath: " + ex.Message;
            }
            finally
            {
                Directory.Delete(OutputDirectory(transition.JobName), recursive: true);
            }
        }

        if (transition.IsFinal)
        {
            // The ENI is gone before the job says it ended.
            await RemoveInterfacesAsync(transition.JobName).ConfigureAwait(false);
        }

        var final = transition with { State = state, FailureReason = reason };
        await store.UpdateAsync(transition.JobName, d => Apply(d, final, artifact), cancellationToken).ConfigureAwait(false);
        if (transition.IsFinal)
        {
            // The name may be reused after DeleteTrainingJob: nothing cached outlives the job.
            _streams.TryRemove(transition.JobName, out _);
            _metrics.TryRemove(transition.JobName, out _);
        }
    }

    public async Task WriteAsync(string jobName, string runId, IReadOnlyList<TrainingLogEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!_streams.TryGetValue(jobName, out var stream))
        {
            var document = await store.GetAsync(jobName, cancellationToken).ConfigureAwait(false);
            stream = document?[LogStreamMember]?.GetValue<string>();
            if (stream is null)
            {
                return;
            }

            _metrics[jobName] = TrainingMetrics.From(document![MetricsMember]);
            _streams[jobName] = stream;
        }

        var lines = events.Select(e => (e.Timestamp.ToUnixTimeMilliseconds(), e.Message)).ToList();
        foreach (var host in events.GroupBy(e => e.Host, StringComparer.Ordinal))
        {
            // One stream per instance of a distributed job.
            var hostLines = host.Select(e => (e.Timestamp.ToUnixTimeMilliseconds(), e.Message)).ToList();
            await store.AppendLogEventsAsync(StreamOf(stream, host.Key), hostLines, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        }

        // MetricDefinitions: the last value of each metric so far, visible while the job trains.
        if (_metrics.GetValueOrDefault(jobName) is { } metrics && metrics.LastValues(lines) is { Count: > 0 } values)
        {
            await store.UpdateAsync(jobName, d => { d["FinalMetricDataList"] = TrainingMetrics.Merge(d["FinalMetricDataList"], values); return true; }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static int Rank(TrainingJobState state) => state switch
    {
        TrainingJobState.Starting => 0,
        TrainingJobState.Downloading => 1,
        TrainingJobState.Training => 2,
        TrainingJobState.Uploading => 3,
        TrainingJobState.Stopping => 4,
        _ => 5,
    };

    /// <summary>
    /// One transition into the document. The API layer and the runner both report Starting/Downloading: a state not
    /// later than the last one is not repeated, and nothing changes after a final state.
    /// </summary>
    private static bool Apply(JsonObject document, TrainingJobTransition transition, string? artifact)
    {
        var transitions = document["SecondaryStatusTransitions"] as JsonArray ?? [];
        var last = transitions.Count > 0 ? transitions[^1] as JsonObject : null;
        if (last is not null && Enum.TryParse<TrainingJobState>(last["Status"]?.GetValue<string>(), out var previous)
            && (Rank(previous) == 5 || Rank(transition.State) <= Rank(previous)))
        {
            return false;
        }

        var at = JsonValue.Create(Millis(transition.At));
        last?["EndTime"] = at.DeepClone();
        var entry = new JsonObject { ["Status"] = transition.State.ToString(), ["StartTime"] = at.DeepClone(), ["StatusMessage"] = transition.Message };
        if (transition.IsFinal)
        {
            entry["EndTime"] = at.DeepClone();
        }

        transitions.Add(entry);
        document["SecondaryStatusTransitions"] = transitions;
        document["SecondaryStatus"] = transition.State.ToString();
        document["TrainingJobStatus"] = transition.PrimaryStatus;
        document["LastModifiedTime"] = at.DeepClone();
        if (transition.State == TrainingJobState.Training)
        {
            document["TrainingStartTime"] = at.DeepClone();
        }

        if (transition.IsFinal)
        {
            document["TrainingEndTime"] = at.DeepClone();
            if (document["TrainingStartTime"] is { } started && InputTime(started) is { } start)
            {
                var seconds = (long)Math.Ceiling((Millis(transition.At) - start).TotalSeconds);
                document["TrainingTimeInSeconds"] = Math.Max(1, seconds);
                document["BillableTimeInSeconds"] = Math.Max(1, seconds);
            }
        }

        if (transition.FailureReason is { } reason)
        {
            document["FailureReason"] = reason.Length > 1024 ? reason[..1024] : reason;
        }

        if (artifact is not null)
        {
            document["ModelArtifacts"] = new JsonObject { ["S3ModelArtifacts"] = artifact };
        }

        return true;
    }

    private static DateTimeOffset? InputTime(JsonNode node) =>
        Protocols.Validation.InputValues.TryGetTimestamp(node, out var value) ? value : null;

    private static DateTimeOffset Millis(DateTimeOffset at) => at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond));

    private async Task<string> UploadModelAsync(string name, string archive, CancellationToken ct)
    {
        var document = await store.GetAsync(name, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException("the job is gone");
        var path = document["OutputDataConfig"]?["S3OutputPath"]?.GetValue<string>() ?? throw new InvalidDataException("no S3OutputPath");
        var (bucket, prefix) = S3Uri.Parse(path) ?? throw new InvalidDataException("S3OutputPath is not an s3:// URI");
        var key = (prefix.Length == 0 ? string.Empty : prefix.TrimEnd('/') + "/") + name + "/output/model.tar.gz";
        using var agent = await OpenDataAgentAsync(name, create: false, ct).ConfigureAwait(false);
        var destination = agent ?? objects;
        if (!await destination.BucketExistsAsync(bucket, ct).ConfigureAwait(false))
        {
            throw new InvalidDataException($"bucket {bucket} does not exist");
        }

        var file = File.OpenRead(archive);
        await using (file.ConfigureAwait(false))
        {
            await destination.PutAsync(bucket, key, file, "application/x-tar", ct).ConfigureAwait(false);
        }

        return $"s3://{bucket}/{key}";
    }
}
