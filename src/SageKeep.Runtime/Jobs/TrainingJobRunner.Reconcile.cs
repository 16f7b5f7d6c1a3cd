using System.Text.RegularExpressions;
using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Jobs;

/// <summary>Restart safety: re-attach live runs, report dead ones, remove orphans with our prefix.</summary>
public sealed partial class TrainingJobRunner
{
    /// <summary>
    /// Call once at start with the run ids the API layer persisted as running. Live containers are followed again
    /// (logs resume at the saved offset, MaxRuntime counts from the original start); persisted runs without a live
    /// container end Failed; containers, namespaces, tables, cgroups and workspaces with our prefix that belong to no
    /// persisted or active run are removed.
    /// </summary>
    public async Task<ReconcileReport> ReconcileAsync(IReadOnlyCollection<string> persistedRunIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistedRunIds);
        var containers = (await _runc.ListAsync(_options.NamePrefix, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var reattached = new List<TrainingJobHandle>();
        var dead = new List<DeadRun>();
        foreach (var runId in persistedRunIds)
        {
            if (!RunIdPattern().IsMatch(runId))
            {
                dead.Add(new DeadRun(runId, null, "InternalServerError: not a run id of this runtime"));
                continue;
            }

            var workspace = new JobWorkspace(Path.Combine(_options.WorkDirectory, runId));
            var record = workspace.ReadRecord();
            // Every instance of the run must still run or have ended well (a distributed run's finished instance waits for the others).
            var members = ClusterMember.Of(ContainerIdFor(runId), workspace, record?.InstanceCount ?? 1);
            bool Running(ClusterMember m) => containers.TryGetValue(m.ContainerId, out var state) && state.Status == "running";
            var live = members.Any(Running) && members.All(m => Running(m) || (members.Count > 1 && RuncRun.ReadExitCode(m.Workspace.ExitCode) == 0));
            if (record is { TrainingStartTime: not null } && live && !_active.ContainsKey(record.JobName))
            {
                reattached.Add(members.Count > 1 ? ReattachCluster(record, workspace) : Reattach(record, workspace));
                continue;
            }

            var ended = members.FirstOrDefault(m => !Running(m)) ?? members[0];
            var code = RuncRun.ReadExitCode(ended.Workspace.ExitCode);
            var reason = (members.Count > 1 ? $"InternalServerError: the training container of {ended.Host} ended while the server was not running" : "InternalServerError: the training container ended while the server was not running")
                + (code is { } c ? $" (exit code {c})" : string.Empty);
            await CleanupRunAsync(runId).ConfigureAwait(false);
            if (record is not null)
            {
                using var run = new ActiveRun(record.JobName, runId, ContainerIdFor(runId), workspace);
                await TransitionAsync(run, TrainingJobState.Failed, "Training job failed", reason).ConfigureAwait(false);
            }

            workspace.Delete();
            dead.Add(new DeadRun(runId, record?.JobName, reason));
        }

        var keep = new HashSet<string>(persistedRunIds, StringComparer.Ordinal);
        keep.UnionWith(_active.Values.Select(r => r.RunId));
        var orphans = new HashSet<string>(StringComparer.Ordinal);
        orphans.UnionWith(containers.Keys.Select(id => ClusterMember.RunIdOf(id[_options.NamePrefix.Length..])));
        orphans.UnionWith(await _network.ListRunIdsAsync(cancellationToken).ConfigureAwait(false));
        orphans.UnionWith(_cgroups.Children(_options.CgroupParent).Where(n => n.StartsWith(_options.NamePrefix, StringComparison.Ordinal)).Select(n => ClusterMember.RunIdOf(n[_options.NamePrefix.Length..])));
        orphans.UnionWith(Directory.EnumerateDirectories(_options.WorkDirectory).Select(Path.GetFileName).OfType<string>().Where(n => RunIdPattern().IsMatch(n)));
        orphans.ExceptWith(keep);
        foreach (var runId in orphans)
        {
            await CleanupRunAsync(runId).ConfigureAwait(false);
            new JobWorkspace(Path.Combine(_options.WorkDirectory, runId)).Delete();
            Log.OrphanRemoved(_logger, runId);
        }

        return new ReconcileReport(reattached, dead, [.. orphans]);
    }

    private TrainingJobHandle Reattach(RunRecord record, JobWorkspace workspace)
    {
        var run = new ActiveRun(record.JobName, record.RunId, record.ContainerId, workspace);
        _active[record.JobName] = run;
        _gate.TryAdmit();
        var holdsSlot = _gate.TryEnterNow();
        var completion = Task.Run(async () =>
        {
            try
            {
                using var container = RuncRun.Reattach(workspace.ExitCode);
                using var oom = OomWatcher.Start(_options.RuncPath, _options.RuncStateRoot, record.ContainerId);
                return await MonitorAsync(run, record, container, oom).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.RunFailed(_logger, ex, run.JobName, run.RunId);
                await CleanupRunAsync(run.RunId).ConfigureAwait(false);
                return await FinishAsync(run, TrainingJobState.Failed, "Training job failed", "InternalServerError: " + ex.Message, null, record.TrainingStartTime).ConfigureAwait(false);
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
        });
        return new TrainingJobHandle(record.JobName, record.RunId, record.ContainerId, completion);
    }

    [GeneratedRegex("^[0-9a-f]{10}$")]
    private static partial Regex RunIdPattern();
}
