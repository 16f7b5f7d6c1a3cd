using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Jobs;

/// <summary>A running container: logs, stop and MaxRuntime, then the outcome, the model archive and cleanup.</summary>
public sealed partial class TrainingJobRunner
{
    private const string OomReason = "OutOfMemoryError: Please use an instance type with more memory, or reduce the size of job data processed on an instance.";

    private async Task<TrainingJobOutcome> MonitorAsync(ActiveRun run, RunRecord record, RuncRun container, OomWatcher oom)
    {
        var exited = container.WaitForExitAsync(_time, CancellationToken.None);
        var pump = PumpLogsAsync(run, run.Workspace, run.ContainerId, "algo-1", oom, exited);
        var started = record.TrainingStartTime ?? _time.GetUtcNow();
        var left = TimeSpan.FromSeconds(record.MaxRuntimeSeconds) - (_time.GetUtcNow() - started);
        using var timerStop = new CancellationTokenSource();
        var deadline = Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, _time, timerStop.Token);
        var first = await Task.WhenAny(exited, run.StopRequested, deadline, run.Detached).ConfigureAwait(false);
        await timerStop.CancelAsync().ConfigureAwait(false);
        if (first == run.Detached)
        {
            // The container keeps running under its shell parent; a later ReconcileAsync picks it up.
            await pump.ConfigureAwait(false);
            return new TrainingJobOutcome(TrainingJobState.Training, null, null, null, started, _time.GetUtcNow());
        }

        TrainingJobState? forced = null;
        if (first != exited)
        {
            forced = first == deadline ? TrainingJobState.MaxRuntimeExceeded : TrainingJobState.Stopped;
            if (forced == TrainingJobState.Stopped)
            {
                await TransitionAsync(run, TrainingJobState.Stopping, "Stopping the training job").ConfigureAwait(false);
            }

            // SageMaker's stop contract: SIGTERM, then SIGKILL when the algorithm has not exited in time.
            await _runc.KillAsync(run.ContainerId, "TERM", CancellationToken.None).ConfigureAwait(false);
            var grace = Task.Delay(TimeSpan.FromSeconds(record.StopTimeoutSeconds), _time);
            if (await Task.WhenAny(exited, grace).ConfigureAwait(false) != exited)
            {
                await _runc.KillAsync(run.ContainerId, "KILL", CancellationToken.None).ConfigureAwait(false);
            }
        }

        var exitCode = await exited.ConfigureAwait(false);
        await pump.ConfigureAwait(false);
        await oom.StopAsync().ConfigureAwait(false);

        // The run's cgroup (parent of the container's, which runc removed at exit) still counts the kills.
        var outOfMemory = oom.OomSeen || _cgroups.OomKills(CgroupPathFor(run.ContainerId)) > 0;
        await CleanupRunAsync(run.RunId).ConfigureAwait(false);
        var failure = await run.Workspace.ReadFailureAsync(CancellationToken.None).ConfigureAwait(false);
        if (forced is { } state)
        {
            var message = state == TrainingJobState.MaxRuntimeExceeded
                ? "Training job runtime exceeded MaxRuntimeInSeconds provided"
                : "Training job stopped";
            var model = await UploadAsync(run, record).ConfigureAwait(false);
            return await FinishAsync(run, state, message, null, exitCode, started, model).ConfigureAwait(false);
        }

        if (exitCode == 0)
        {
            var model = await UploadAsync(run, record).ConfigureAwait(false);
            return await FinishAsync(run, TrainingJobState.Completed, "Training job completed", null, exitCode, started, model).ConfigureAwait(false);
        }

        var reason = failure is not null
            ? "AlgorithmError: " + failure
            : outOfMemory
                ? OomReason
                : $"AlgorithmError: the training container exited with code {exitCode}";
        return await FinishAsync(run, TrainingJobState.Failed, "Training job failed", reason, exitCode, started).ConfigureAwait(false);
    }

    private Task<string> UploadAsync(ActiveRun run, RunRecord record) => UploadAsync(run, record, [run.Workspace.Model]);

    /// <summary>One model.tar.gz of every instance's /opt/ml/model (a name two instances wrote: the lower instance's file).</summary>
    private async Task<string> UploadAsync(ActiveRun run, RunRecord record, IReadOnlyList<string> modelDirectories)
    {
        await TransitionAsync(run, TrainingJobState.Uploading, "Uploading generated training model").ConfigureAwait(false);
        Directory.CreateDirectory(record.OutputDirectory);
        var archive = Path.Combine(record.OutputDirectory, "model.tar.gz");
        await ModelArchive.CreateAsync(modelDirectories, archive, CancellationToken.None).ConfigureAwait(false);
        return archive;
    }

    private async Task<TrainingJobOutcome> FinishAsync(ActiveRun run, TrainingJobState state, string message, string? failureReason, int? exitCode, DateTimeOffset? started, string? model = null)
    {
        var end = _time.GetUtcNow();
        await TransitionAsync(run, state, message, failureReason).ConfigureAwait(false);
        run.Workspace.Delete();
        return new TrainingJobOutcome(state, failureReason, exitCode, model, started, end);
    }

    /// <summary>Forwards new output lines until the container has exited, then once more for what is left.</summary>
    private async Task PumpLogsAsync(ActiveRun run, JobWorkspace workspace, string containerId, string host, OomWatcher oom, Task exited)
    {
        var tailers = new[] { new LogTailer(workspace.Stdout, false, _time), new LogTailer(workspace.Stderr, true, _time) };
        var cgroup = CgroupPathFor(containerId);
        while (!run.Detached.IsCompleted)
        {
            var last = exited.IsCompleted;
            if (!last && _cgroups.OomKills(cgroup) > 0)
            {
                oom.MarkSeen();
            }

            foreach (var tailer in tailers)
            {
                var events = await tailer.ReadAsync(final: last, CancellationToken.None).ConfigureAwait(false);
                if (host != "algo-1")
                {
                    events = [.. events.Select(e => e with { Host = host })];
                }

                if (events.Count > 0)
                {
                    try
                    {
                        await _logs.WriteAsync(run.JobName, run.RunId, events, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        Log.SinkFailed(_logger, ex, run.JobName, run.RunId);
                    }
                }
            }

            if (last)
            {
                return;
            }

            await Task.WhenAny(exited, run.Detached, Task.Delay(_options.LogPollInterval, _time)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Removes everything a run may have left on the host, by name: containers (every instance's), cgroups, network
    /// objects. runc delete -f kills an instance that still runs.
    /// </summary>
    private async Task CleanupRunAsync(string runId)
    {
        var primary = ContainerIdFor(runId);
        var ids = new SortedSet<string>(StringComparer.Ordinal) { primary };
        ids.UnionWith((await _runc.ListAsync(primary + "-", CancellationToken.None).ConfigureAwait(false)).Select(c => c.Id).Where(id => ClusterMember.RunIdOf(id[_options.NamePrefix.Length..]) == runId));
        ids.UnionWith(_cgroups.Children(_options.CgroupParent).Where(n => n.StartsWith(primary + "-", StringComparison.Ordinal) && ClusterMember.RunIdOf(n[_options.NamePrefix.Length..]) == runId));
        foreach (var containerId in ids)
        {
            await _runc.DeleteAsync(containerId, CancellationToken.None).ConfigureAwait(false);
            var left = _cgroups.Remove(CgroupPathFor(containerId));
            if (left.Count > 0)
            {
                Log.CleanupIncomplete(_logger, runId, string.Join(", ", left));
            }
        }

        await _network.RemoveAsync(runId, CancellationToken.None).ConfigureAwait(false);
    }
}
