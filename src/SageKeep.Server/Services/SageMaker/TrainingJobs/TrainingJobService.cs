using System.Runtime.Versioning;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SageKeep.Runtime.Images;
using SageKeep.Runtime.Jobs;
using SageKeep.Server.Configuration;
using SageKeep.Server.Objects;
using SageKeep.Server.Registry.Images;
using SageKeep.Server.Services.Ec2.NetworkInterfaces;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// Owns the <see cref="TrainingJobRunner"/> of this server: launches accepted jobs in the background (image export
/// and rootfs cache, channel download from the object store), persists every transition and log line the runner
/// reports, uploads model.tar.gz to the job's S3OutputPath, and reconciles persisted jobs with the host at start.
/// A job with VpcConfig (and without EnableNetworkIsolation) gets its container's ENI from
/// <see cref="ContainerInterfaces"/> before it starts; the ENI goes when the job reaches a final state, and ENIs of
/// jobs that ended while the server was away go at start. With EnableNetworkIsolation as well, the container has no
/// interface and the job's data moves through the S3 gateway endpoint from an agent ENI (<see cref="VpcDataAgent"/>).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class TrainingJobService(
    TrainingJobStore store,
    IObjectStore objects,
    IRegistryImages images,
    ContainerInterfaces interfaces,
    VpcDataAgent dataAgent,
    Core.AwsAccount account,
    ServerSettings settings,
    TimeProvider time,
    ILogger<TrainingJobService> logger) : ITrainingJobStatusSink, ITrainingJobLogSink, IHostedService, IDisposable
{
    /// <summary>Members of the stored document that DescribeTrainingJob does not return.</summary>
    public const string RunIdMember = "_RunId";

    public const string LogStreamMember = "_LogStream";

    /// <summary>The MetricDefinitions in effect (the request's, or the algorithm's for AlgorithmName jobs).</summary>
    public const string MetricsMember = "_MetricDefinitions";

    public const string LogGroup = "/aws/sagemaker/TrainingJobs";

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _launching = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrainingMetrics?> _metrics = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private TrainingJobRunner? _runner;
    private RootfsCache? _rootfs;
    private string? _unavailable;

    private string Root => Path.Combine(settings.DataDirectory, "training");

    /// <summary>Null when jobs can run here, else why not (the CreateTrainingJob refusal).</summary>
    public string? UnavailableReason
    {
        get
        {
            EnsureRunner();
            return _unavailable;
        }
    }

    /// <summary>Starts the job in the background; its progress arrives through the sinks.</summary>
    public void Launch(TrainingJobLaunch launch)
    {
        var cancel = new CancellationTokenSource();
        _launching[launch.Name] = cancel;
        _ = Task.Run(() => LaunchAsync(launch, cancel));
    }

    /// <summary>StopTrainingJob: a job still being prepared ends Stopped before its container starts.</summary>
    public void Stop(string name)
    {
        if (_launching.TryGetValue(name, out var cancel))
        {
            cancel.Cancel();
        }

        _runner?.Stop(name);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var unfinished = await store.ListUnfinishedAsync(cancellationToken).ConfigureAwait(false);
        var live = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await ReconcileAsync(unfinished, live, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await RemoveStaleInterfacesAsync(live, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReconcileAsync(List<System.Text.Json.Nodes.JsonObject> unfinished, HashSet<string> live, CancellationToken cancellationToken)
    {
        if (unfinished.Count == 0 && !Directory.Exists(Root))
        {
            return;
        }

        EnsureRunner();
        if (_runner is null)
        {
            foreach (var job in unfinished)
            {
                await FailAsync(Name(job), "InternalServerError: training jobs cannot run on this host: " + _unavailable, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var byRun = unfinished.Where(j => j[RunIdMember] is not null).ToDictionary(j => j[RunIdMember]!.GetValue<string>(), Name, StringComparer.Ordinal);
        foreach (var job in unfinished.Where(j => j[RunIdMember] is null))
        {
            await FailAsync(Name(job), "InternalServerError: the server stopped before the training container started", cancellationToken).ConfigureAwait(false);
        }

        var report = await _runner.ReconcileAsync(byRun.Keys, cancellationToken).ConfigureAwait(false);
        live.UnionWith(report.Reattached.Select(h => JobArn(h.JobName)));
        foreach (var dead in report.Dead)
        {
            await FailAsync(dead.JobName ?? byRun[dead.RunId], dead.Reason, cancellationToken).ConfigureAwait(false);
        }

        Log.Reconciled(logger, report.Reattached.Count, report.Dead.Count, report.OrphansRemoved.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _runner?.Dispose();
        foreach (var cancel in _launching.Values)
        {
            cancel.Dispose();
        }
    }

    private static string Name(System.Text.Json.Nodes.JsonObject job) => job["TrainingJobName"]!.GetValue<string>();

    private void EnsureRunner()
    {
        lock (_gate)
        {
            if (_runner is not null || _unavailable is not null)
            {
                return;
            }

            if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
            {
                _unavailable = "training jobs need Linux and a server running as root (runc, network namespaces, cgroups)";
                Log.RuntimeUnavailable(logger, _unavailable);
                return;
            }

            // Per data directory names, so two servers on one host never take each other's containers for orphans.
            var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings.DataDirectory)))[..6];
            Directory.CreateDirectory(Root);

            // The containers' user namespace root (an unprivileged host id) must be able to walk to its rootfs
            // and bind sources; search permission only, nothing here can be listed or read by other users.
            const UnixFileMode Walkable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute;
            File.SetUnixFileMode(settings.DataDirectory, Walkable);
            File.SetUnixFileMode(Root, Walkable);
            var host = Runtime.Oci.HostCapacity.Detect();
            var options = new TrainingJobRunnerOptions
            {
                Host = settings.TrainingMemoryBytes is { } cap ? host with { MemoryBytes = Math.Min(host.MemoryBytes, cap) } : host with { MemoryBytes = host.MemoryBytes / settings.TrainingMaxInstances },
                MaxConcurrentJobs = settings.TrainingMaxInstances,
                WorkDirectory = Path.Combine(Root, "runs"),
                NamePrefix = $"sk{tag}-",
                CgroupParent = "/sagekeep-" + tag,
            };
            _rootfs = new RootfsCache(Path.Combine(Root, "rootfs"), options.Mapping, logger);
            _runner = new TrainingJobRunner(options, time, this, this, logger);
        }
    }

    private async Task FailAsync(string name, string reason, CancellationToken ct) =>
        await OnTransitionAsync(new TrainingJobTransition(name, string.Empty, TrainingJobState.Failed, "Training job failed", time.GetUtcNow()) { FailureReason = reason }, ct).ConfigureAwait(false);
}
