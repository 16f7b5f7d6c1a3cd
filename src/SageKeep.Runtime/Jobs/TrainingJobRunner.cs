using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SageKeep.Runtime.Isolation;
using SageKeep.Runtime.Oci;
using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Jobs;

/// <summary>
/// Runs SageMaker training jobs in runc containers: admission (N running, a bounded queue), staging, the hardened
/// container, logs, stop and MaxRuntime, the model archive, cleanup, and reconciliation after a restart. Every state
/// change goes to the <see cref="ITrainingJobStatusSink"/>, every output line to the <see cref="ITrainingJobLogSink"/>.
/// </summary>
public sealed partial class TrainingJobRunner : IDisposable
{
    private readonly TrainingJobRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly ITrainingJobStatusSink _status;
    private readonly ITrainingJobLogSink _logs;
    private readonly ILogger _logger;
    private readonly RuncClient _runc;
    private readonly NetworkIsolation _network;
    private readonly CgroupV1 _cgroups = new();
    private readonly CapacityGate _gate;
    private readonly ConcurrentDictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);

    public TrainingJobRunner(TrainingJobRunnerOptions options, TimeProvider time, ITrainingJobStatusSink status, ITrainingJobLogSink logs, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _status = status;
        _logs = logs;
        _logger = logger;
        _runc = new RuncClient(options.RuncPath, options.RuncStateRoot);
        _network = new NetworkIsolation(options.NamePrefix, logger);
        _gate = new CapacityGate(options.MaxConcurrentJobs, options.MaxQueuedJobs);
        Directory.CreateDirectory(options.WorkDirectory);
        File.SetUnixFileMode(options.WorkDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>Training instances (containers) that run at once; a job with more instances is refused.</summary>
    public int MaxInstances => _gate.Running;

    /// <summary>Names of the jobs this runner is driving (waiting, running or finishing).</summary>
    public IReadOnlyCollection<string> ActiveJobs => [.. _active.Keys];

    public string ContainerIdFor(string runId) => _options.NamePrefix + runId;

    /// <summary>
    /// Validates and admits the job, then runs it in the background; the handle's Completion ends with the final
    /// state. Refusals are values: ValidationException, ResourceInUse, ResourceLimitExceeded.
    /// </summary>
    public TrainingJobStart Start(TrainingJobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (Validate(job) is { } error)
        {
            return new TrainingJobStart(null, error);
        }

        var limits = InstanceTypes.LimitsFor(job.InstanceType, _options.Host)!;
        if (job.InstanceCount > _gate.Running)
        {
            return new TrainingJobStart(null, RuntimeErrors.TooManyInstances(job.InstanceCount, _gate.Running));
        }

        if (!_gate.TryAdmit())
        {
            return new TrainingJobStart(null, RuntimeErrors.ResourceLimitExceeded(_gate.Running, _gate.Queued));
        }

        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var run = new ActiveRun(job.Name, runId, ContainerIdFor(runId), new JobWorkspace(Path.Combine(_options.WorkDirectory, runId)));
        if (!_active.TryAdd(job.Name, run))
        {
            _gate.Leave();
            run.Dispose();
            return new TrainingJobStart(null, RuntimeErrors.DuplicateJob(job.Name));
        }

        // The slot is taken here, not in the background task, so jobs started in order get capacity in order.
        var holdsSlot = _gate.TryEnterNow(job.InstanceCount);
        var completion = job.InstanceCount > 1
            ? Task.Run(() => RunClusterAsync(job, run, limits, holdsSlot))
            : Task.Run(() => RunAsync(job, run, limits, holdsSlot));
        return new TrainingJobStart(new TrainingJobHandle(job.Name, runId, run.ContainerId, completion), null);
    }

    /// <summary>StopTrainingJob: SIGTERM, then SIGKILL after the stop timeout; false when the job is not active here.</summary>
    public bool Stop(string jobName)
    {
        if (!_active.TryGetValue(jobName, out var run))
        {
            return false;
        }

        run.RequestStop();
        return true;
    }

    /// <summary>
    /// Stops following the job without touching its container, as a server that goes away would; its handle
    /// completes with state Training. A later <see cref="ReconcileAsync"/> (here or in a new process) re-attaches.
    /// </summary>
    internal bool Detach(string jobName)
    {
        if (!_active.TryGetValue(jobName, out var run))
        {
            return false;
        }

        run.Detach();
        return true;
    }

    /// <summary>
    /// Releases the admission gate and removes the runner's cgroup parent when no run is left under it
    /// (rmdir only: a parent still holding a live run, e.g. across a server restart, stays).
    /// </summary>
    public void Dispose()
    {
        _gate.Dispose();
        foreach (var directory in _cgroups.Existing(_options.CgroupParent))
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not empty (a run is still there) or already gone.
            }
        }
    }

    private static Core.Errors.AwsError? Validate(TrainingJobDefinition job)
    {
        if (InstanceTypes.Find(job.InstanceType) is null)
        {
            return RuntimeErrors.UnknownInstanceType(job.InstanceType);
        }

        foreach (var channel in job.Channels)
        {
            if (!ChannelName().IsMatch(channel.Name) || channel.Name is "." or "..")
            {
                return RuntimeErrors.InvalidChannelName(channel.Name);
            }
        }

        if (job.InstanceCount > 1 && job.EnableNetworkIsolation)
        {
            return RuntimeErrors.DistributedNeedsVpc(job.InstanceCount);
        }

        foreach (var key in job.Environment.Keys)
        {
            if (!EnvironmentName().IsMatch(key))
            {
                return RuntimeErrors.InvalidEnvironment(key);
            }
        }

        return null;
    }

    // SageMaker's Channel.ChannelName and Environment key patterns (CreateTrainingJob API reference).
    [GeneratedRegex("^[A-Za-z0-9.\\-_]{1,64}$")]
    private static partial Regex ChannelName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]{0,511}$")]
    private static partial Regex EnvironmentName();
}
