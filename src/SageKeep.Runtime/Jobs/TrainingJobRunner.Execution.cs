using SageKeep.Runtime.Isolation;
using SageKeep.Runtime.Oci;
using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Jobs;

/// <summary>One run from admission to the start of training: wait for capacity, stage inputs, network, bundle, runc run.</summary>
public sealed partial class TrainingJobRunner
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private async Task<TrainingJobOutcome> RunAsync(TrainingJobDefinition job, ActiveRun run, ContainerLimits limits, bool holdsSlot)
    {
        try
        {
            if (!holdsSlot)
            {
                await TransitionAsync(run, TrainingJobState.Starting, "Waiting for capacity").ConfigureAwait(false);
                try
                {
                    await _gate.EnterAsync(1, run.StopToken).ConfigureAwait(false);
                    holdsSlot = true;
                }
                catch (OperationCanceledException)
                {
                    return await FinishAsync(run, TrainingJobState.Stopped, "Training job stopped before it started", null, null, null).ConfigureAwait(false);
                }
            }

            await TransitionAsync(run, TrainingJobState.Starting, "Preparing the instances for training").ConfigureAwait(false);
            run.Workspace.Create();
            await TransitionAsync(run, TrainingJobState.Downloading, "Downloading input data").ConfigureAwait(false);
            await run.Workspace.StageInputsAsync(job, _options.Mapping, CancellationToken.None).ConfigureAwait(false);
            var network = await PrepareNetworkAsync(job, run).ConfigureAwait(false);
            await OciConfigWriter.WriteBundleAsync(run.Workspace.Bundle, BuildSpec(job, run.Workspace, run.ContainerId, limits, network.NamespacePath), CancellationToken.None).ConfigureAwait(false);
            var record = new RunRecord(
                job.Name,
                job.Arn,
                run.RunId,
                run.ContainerId,
                job.OutputDirectory,
                (long)job.MaxRuntime.TotalSeconds,
                (long)(job.StopTimeout ?? _options.DefaultStopTimeout).TotalSeconds,
                job.EnableNetworkIsolation,
                null);
            await run.Workspace.WriteRecordAsync(record, CancellationToken.None).ConfigureAwait(false);
            _cgroups.CreateMemoryLimit(CgroupPathFor(run.ContainerId), limits.MemoryBytes);
            var container = _runc.Run(run.ContainerId, run.Workspace.Bundle, run.Workspace.Stdout, run.Workspace.Stderr, run.Workspace.ExitCode);
            using (container)
            {
                await WaitUntilRunningAsync(run.ContainerId, run.Workspace.Stderr, container).ConfigureAwait(false);
                using var oom = OomWatcher.Start(_options.RuncPath, _options.RuncStateRoot, run.ContainerId);
                record = record with { TrainingStartTime = _time.GetUtcNow() };
                await run.Workspace.WriteRecordAsync(record, CancellationToken.None).ConfigureAwait(false);
                await TransitionAsync(run, TrainingJobState.Training, "Training image download completed. Training in progress.").ConfigureAwait(false);
                return await MonitorAsync(run, record, container, oom).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.RunFailed(_logger, ex, run.JobName, run.RunId);
            await CleanupRunAsync(run.RunId).ConfigureAwait(false);
            return await FinishAsync(run, TrainingJobState.Failed, "Training job failed", "InternalServerError: the platform could not run the training container: " + ex.Message, null, null).ConfigureAwait(false);
        }
        finally
        {
            if (holdsSlot)
            {
                _gate.ReleaseSlot();
            }

            _gate.Leave();
            _active.TryRemove(run.JobName, out _);
            run.Dispose();
        }
    }

    /// <summary>Isolated (EnableNetworkIsolation, with or without VpcConfig), the job's ENI namespace (VpcConfig), or Outbound.</summary>
    private async Task<NetworkAttachment> PrepareNetworkAsync(TrainingJobDefinition job, ActiveRun run)
    {
        if (!job.EnableNetworkIsolation && job.VpcNamespacePath is { } path)
        {
            return new NetworkAttachment(NetworkMode.Vpc, path, Path.GetFileName(path), null, null);
        }

        return await _network.PrepareAsync(run.RunId, job.EnableNetworkIsolation ? NetworkMode.Isolated : NetworkMode.Outbound, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>One instance's container: <paramref name="hostname"/> and, for a distributed run, its /etc/hosts (<paramref name="hostsFile"/>).</summary>
    private ContainerSpec BuildSpec(TrainingJobDefinition job, JobWorkspace workspace, string containerId, ContainerLimits limits, string? namespacePath, string hostname = "algo-1", string? hostsFile = null)
    {
        var environment = new List<KeyValuePair<string, string>>();
        foreach (var entry in job.Image.Config.Env)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                environment.Add(new(entry[..equals], entry[(equals + 1)..]));
            }
        }

        if (!environment.Any(e => e.Key == "PATH"))
        {
            environment.Add(new("PATH", DefaultPath));
        }

        environment.Add(new("TRAINING_JOB_NAME", job.Name));
        environment.Add(new("TRAINING_JOB_ARN", job.Arn));
        environment.AddRange(job.Environment);

        // Later entries win, as with docker run -e over the image's ENV.
        var merged = environment.GroupBy(e => e.Key, StringComparer.Ordinal).Select(g => g.Key + "=" + g.Last().Value).ToList();
        var mounts = new List<BindMount>
        {
            new(workspace.Config, "/opt/ml/input/config", ReadOnly: true),
            new(workspace.Data, "/opt/ml/input/data", ReadOnly: true),
            new(workspace.Model, "/opt/ml/model", ReadOnly: false),
            new(workspace.Output, "/opt/ml/output", ReadOnly: false),
        };
        if (hostsFile is not null)
        {
            mounts.Add(new BindMount(hostsFile, "/etc/hosts", ReadOnly: true));
        }

        return new ContainerSpec
        {
            RootfsPath = job.Image.RootfsPath,
            Args = [.. job.Image.Config.Entrypoint, "train"],
            Env = merged,
            WorkingDirectory = job.Image.Config.WorkingDir ?? "/",
            Hostname = hostname,
            Mounts = mounts,
            NetworkNamespacePath = namespacePath,
            Limits = limits,
            CgroupsPath = CgroupPathFor(containerId) + "/" + ContainerCgroupName,
            MemoryLimitedByParent = true,
            Mapping = _options.Mapping,
        };
    }

    /// <summary>The run's own cgroup: it holds the memory limit and outlives the container's cgroup (<see cref="ContainerCgroupName"/> under it), so OOM kills stay countable after exit.</summary>
    private string CgroupPathFor(string containerId) => _options.CgroupParent.TrimEnd('/') + "/" + containerId;

    private const string ContainerCgroupName = "container";

    /// <summary>Polls runc state until the container runs; a container that already ended counts as started.</summary>
    private async Task WaitUntilRunningAsync(string containerId, string stderrPath, RuncRun container)
    {
        var deadline = _time.GetUtcNow() + _options.StartTimeout;
        while (true)
        {
            if (container.HasExited)
            {
                var stderr = File.Exists(stderrPath) ? await File.ReadAllTextAsync(stderrPath).ConfigureAwait(false) : string.Empty;
                var runcError = stderr.Split('\n').FirstOrDefault(l => l.Contains("level=error", StringComparison.Ordinal));
                if (runcError is not null)
                {
                    throw new RuntimeCommandException("runc run failed: " + runcError.Trim());
                }

                return;
            }

            if (await _runc.StateAsync(containerId, CancellationToken.None).ConfigureAwait(false) is { Status: "running" or "stopped" })
            {
                return;
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new RuntimeCommandException($"container {containerId} did not start within {_options.StartTimeout}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), _time).ConfigureAwait(false);
        }
    }

    private async Task TransitionAsync(ActiveRun run, TrainingJobState state, string message, string? failureReason = null)
    {
        Log.Transition(_logger, run.JobName, run.RunId, state);
        try
        {
            var transition = new TrainingJobTransition(run.JobName, run.RunId, state, message, _time.GetUtcNow()) { FailureReason = failureReason };
            await _status.OnTransitionAsync(transition, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.SinkFailed(_logger, ex, run.JobName, run.RunId);
        }
    }
}
