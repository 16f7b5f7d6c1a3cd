using SageKeep.Runtime.Oci;
using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Jobs;

/// <summary>
/// Distributed training: one container per instance (algo-1..algo-N) of the same image, each in its ENI's namespace
/// with its own workspace, resourceconfig.json and /etc/hosts, started together. The job ends when every container
/// has ended: Completed when all exit 0; the first instance that fails fails the job (named in FailureReason) and the
/// others are stopped (SIGTERM, SIGKILL after the stop timeout); stop and MaxRuntime stop them all. The model
/// archive merges every instance's /opt/ml/model.
/// </summary>
public sealed partial class TrainingJobRunner
{
    private static IReadOnlyList<ClusterMember> MembersOf(ActiveRun run, int count) => ClusterMember.Of(run.ContainerId, run.Workspace, count);

    private async Task<TrainingJobOutcome> RunClusterAsync(TrainingJobDefinition job, ActiveRun run, ContainerLimits limits, bool holdsSlot)
    {
        var count = job.InstanceCount;
        var members = MembersOf(run, count);
        var containers = new List<RuncRun>();
        var watchers = new List<OomWatcher>();
        try
        {
            if (!holdsSlot)
            {
                await TransitionAsync(run, TrainingJobState.Starting, "Waiting for capacity").ConfigureAwait(false);
                try
                {
                    await _gate.EnterAsync(count, run.StopToken).ConfigureAwait(false);
                    holdsSlot = true;
                }
                catch (OperationCanceledException)
                {
                    return await FinishAsync(run, TrainingJobState.Stopped, "Training job stopped before it started", null, null, null).ConfigureAwait(false);
                }
            }

            await TransitionAsync(run, TrainingJobState.Starting, $"Preparing the instances for training ({count} instances)").ConfigureAwait(false);
            run.Workspace.Create();
            var instances = Path.Combine(run.Workspace.Root, ClusterMember.InstancesDirectory);
            Directory.CreateDirectory(instances);
            File.SetUnixFileMode(instances, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
            foreach (var member in members.Skip(1))
            {
                member.Workspace.Create();
            }

            await TransitionAsync(run, TrainingJobState.Downloading, "Downloading input data").ConfigureAwait(false);
            foreach (var member in members)
            {
                await member.Workspace.StageInputsAsync(job, _options.Mapping, CancellationToken.None, member.Index).ConfigureAwait(false);
                var spec = BuildSpec(job, member.Workspace, member.ContainerId, limits, job.ClusterHosts[member.Index].NamespacePath, member.Host, member.Workspace.HostsFile);
                await OciConfigWriter.WriteBundleAsync(member.Workspace.Bundle, spec, CancellationToken.None).ConfigureAwait(false);
            }

            var record = new RunRecord(
                job.Name,
                job.Arn,
                run.RunId,
                run.ContainerId,
                job.OutputDirectory,
                (long)job.MaxRuntime.TotalSeconds,
                (long)(job.StopTimeout ?? _options.DefaultStopTimeout).TotalSeconds,
                job.EnableNetworkIsolation,
                null,
                count);
            await run.Workspace.WriteRecordAsync(record, CancellationToken.None).ConfigureAwait(false);
            foreach (var member in members)
            {
                _cgroups.CreateMemoryLimit(CgroupPathFor(member.ContainerId), limits.MemoryBytes);
            }

            // Started together: every container is running (or already ended) before the job says Training.
            foreach (var member in members)
            {
                containers.Add(_runc.Run(member.ContainerId, member.Workspace.Bundle, member.Workspace.Stdout, member.Workspace.Stderr, member.Workspace.ExitCode));
            }

            for (var i = 0; i < members.Count; i++)
            {
                await WaitUntilRunningAsync(members[i].ContainerId, members[i].Workspace.Stderr, containers[i]).ConfigureAwait(false);
                watchers.Add(OomWatcher.Start(_options.RuncPath, _options.RuncStateRoot, members[i].ContainerId));
            }

            record = record with { TrainingStartTime = _time.GetUtcNow() };
            await run.Workspace.WriteRecordAsync(record, CancellationToken.None).ConfigureAwait(false);
            await TransitionAsync(run, TrainingJobState.Training, "Training image download completed. Training in progress.").ConfigureAwait(false);
            return await MonitorClusterAsync(run, record, members, containers, watchers).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.RunFailed(_logger, ex, run.JobName, run.RunId);
            await CleanupRunAsync(run.RunId).ConfigureAwait(false);
            return await FinishAsync(run, TrainingJobState.Failed, "Training job failed", "InternalServerError: the platform could not run the training containers: " + ex.Message, null, null).ConfigureAwait(false);
        }
        finally
        {
            foreach (var disposable in containers.Cast<IDisposable>().Concat(watchers))
            {
                disposable.Dispose();
            }

            if (holdsSlot)
            {
                _gate.ReleaseSlot(count);
            }

            _gate.Leave();
            _active.TryRemove(run.JobName, out _);
            run.Dispose();
        }
    }

    private async Task<TrainingJobOutcome> MonitorClusterAsync(ActiveRun run, RunRecord record, IReadOnlyList<ClusterMember> members, List<RuncRun> containers, List<OomWatcher> watchers)
    {
        var exits = containers.Select(c => c.WaitForExitAsync(_time, CancellationToken.None)).ToList();
        var pumps = members.Select(m => PumpLogsAsync(run, m.Workspace, m.ContainerId, m.Host, watchers[m.Index], exits[m.Index])).ToList();
        var started = record.TrainingStartTime ?? _time.GetUtcNow();
        var left = TimeSpan.FromSeconds(record.MaxRuntimeSeconds) - (_time.GetUtcNow() - started);
        using var timerStop = new CancellationTokenSource();
        var deadline = Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, _time, timerStop.Token);
        TrainingJobState? forced = null;
        int? failed = null;
        while (true)
        {
            // An instance that already failed (the lowest one when several did) fails the job, even one that ended
            // before monitoring began.
            var failing = exits.FindIndex(e => e.IsCompletedSuccessfully && e.Result != 0);
            if (failing >= 0)
            {
                failed = failing;
                break;
            }

            if (exits.TrueForAll(e => e.IsCompleted))
            {
                break;
            }

            var waiting = new List<Task>(exits.Where(e => !e.IsCompleted)) { run.StopRequested, deadline, run.Detached };
            var first = await Task.WhenAny(waiting).ConfigureAwait(false);
            if (first == run.Detached)
            {
                // The containers keep running under their shell parents; a later ReconcileAsync picks them up.
                await timerStop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(pumps).ConfigureAwait(false);
                return new TrainingJobOutcome(TrainingJobState.Training, null, null, null, started, _time.GetUtcNow());
            }

            if (first == run.StopRequested || first == deadline)
            {
                forced = first == deadline ? TrainingJobState.MaxRuntimeExceeded : TrainingJobState.Stopped;
                break;
            }
        }

        await timerStop.CancelAsync().ConfigureAwait(false);
        if (forced == TrainingJobState.Stopped)
        {
            await TransitionAsync(run, TrainingJobState.Stopping, "Stopping the training job").ConfigureAwait(false);
        }

        await StopMembersAsync(members, exits, record.StopTimeoutSeconds).ConfigureAwait(false);
        var codes = await Task.WhenAll(exits).ConfigureAwait(false);
        await Task.WhenAll(pumps).ConfigureAwait(false);
        foreach (var watcher in watchers)
        {
            await watcher.StopAsync().ConfigureAwait(false);
        }

        var outOfMemory = members.Select(m => watchers[m.Index].OomSeen || _cgroups.OomKills(CgroupPathFor(m.ContainerId)) > 0).ToList();
        await CleanupRunAsync(run.RunId).ConfigureAwait(false);
        var models = members.Select(m => m.Workspace.Model).ToList();
        if (forced is { } state)
        {
            var message = state == TrainingJobState.MaxRuntimeExceeded
                ? "Training job runtime exceeded MaxRuntimeInSeconds provided"
                : "Training job stopped";
            var model = await UploadAsync(run, record, models).ConfigureAwait(false);
            return await FinishAsync(run, state, message, null, codes[0], started, model).ConfigureAwait(false);
        }

        if (failed is not { } index)
        {
            var model = await UploadAsync(run, record, models).ConfigureAwait(false);
            return await FinishAsync(run, TrainingJobState.Completed, "Training job completed", null, 0, started, model).ConfigureAwait(false);
        }

        var host = members[index].Host;
        var failure = await members[index].Workspace.ReadFailureAsync(CancellationToken.None).ConfigureAwait(false);
        var reason = failure is not null
            ? $"AlgorithmError: {failure} ({host})"
            : outOfMemory[index]
                ? $"{OomReason} ({host})"
                : $"AlgorithmError: the training container of {host} exited with code {codes[index]}";
        return await FinishAsync(run, TrainingJobState.Failed, "Training job failed", reason, codes[index], started).ConfigureAwait(false);
    }

    /// <summary>SageMaker's stop contract for every instance still running: SIGTERM, then SIGKILL when it has not exited in time.</summary>
    private async Task StopMembersAsync(IReadOnlyList<ClusterMember> members, List<Task<int>> exits, long stopTimeoutSeconds)
    {
        var running = members.Where(m => !exits[m.Index].IsCompleted).ToList();
        if (running.Count == 0)
        {
            return;
        }

        foreach (var member in running)
        {
            await _runc.KillAsync(member.ContainerId, "TERM", CancellationToken.None).ConfigureAwait(false);
        }

        var all = Task.WhenAll(running.Select(m => exits[m.Index]));
        var grace = Task.Delay(TimeSpan.FromSeconds(stopTimeoutSeconds), _time);
        if (await Task.WhenAny(all, grace).ConfigureAwait(false) != all)
        {
            foreach (var member in running.Where(m => !exits[m.Index].IsCompleted))
            {
                await _runc.KillAsync(member.ContainerId, "KILL", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Follows a distributed run again after a restart: every instance's container, logs from the saved offsets.</summary>
    private TrainingJobHandle ReattachCluster(RunRecord record, JobWorkspace workspace)
    {
        var run = new ActiveRun(record.JobName, record.RunId, record.ContainerId, workspace);
        var members = MembersOf(run, record.InstanceCount);
        _active[record.JobName] = run;
        _gate.TryAdmit();
        var holdsSlot = _gate.TryEnterNow(members.Count);
        var completion = Task.Run(async () =>
        {
            var containers = new List<RuncRun>();
            var watchers = new List<OomWatcher>();
            try
            {
                foreach (var member in members)
                {
                    containers.Add(RuncRun.Reattach(member.Workspace.ExitCode));
                    watchers.Add(OomWatcher.Start(_options.RuncPath, _options.RuncStateRoot, member.ContainerId));
                }

                return await MonitorClusterAsync(run, record, members, containers, watchers).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.RunFailed(_logger, ex, run.JobName, run.RunId);
                await CleanupRunAsync(run.RunId).ConfigureAwait(false);
                return await FinishAsync(run, TrainingJobState.Failed, "Training job failed", "InternalServerError: " + ex.Message, null, record.TrainingStartTime).ConfigureAwait(false);
            }
            finally
            {
                foreach (var disposable in containers.Cast<IDisposable>().Concat(watchers))
                {
                    disposable.Dispose();
                }

                if (holdsSlot)
                {
                    _gate.ReleaseSlot(members.Count);
                }

                _gate.Leave();
                _active.TryRemove(run.JobName, out _);
                run.Dispose();
            }
        });
        return new TrainingJobHandle(record.JobName, record.RunId, record.ContainerId, completion);
    }
}
