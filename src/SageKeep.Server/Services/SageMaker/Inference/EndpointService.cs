using System.Collections.Concurrent;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SageKeep.Core;
using SageKeep.Runtime.Images;
using SageKeep.Runtime.Jobs;
using SageKeep.Runtime.Serving;
using SageKeep.Server.Configuration;
using SageKeep.Server.Objects;
using SageKeep.Server.Registry.Images;
using SageKeep.Server.Services.SageMaker.TrainingJobs;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>
/// Owns the <see cref="ServingRunner"/> of this server and the live endpoints: brings an endpoint's instances up from
/// the deployment captured at CreateEndpoint (image export to the rootfs cache, model.tar.gz from the object store
/// unpacked once per variant), records Creating -> InService | Failed, stops and removes them on DeleteEndpoint,
/// writes their output under /aws/sagemaker/Endpoints/&lt;name&gt;, and after a restart removes what the previous
/// process left and brings the endpoints that were in service back.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class EndpointService(
    InferenceStore store,
    TrainingJobStore logs,
    IObjectStore objects,
    IRegistryImages images,
    Ec2.NetworkInterfaces.ContainerInterfaces interfaces,
    VpcDataAgent dataAgent,
    ServerSettings settings,
    AwsAccount account,
    TimeProvider time,
    ILogger<EndpointService> logger) : IServingLogSink, IHostedService, IAsyncDisposable
{
    /// <summary>The variants and models an endpoint runs, captured when it was created (deleting the model or config later changes nothing).</summary>
    public const string DeploymentMember = "_Deployment";

    /// <summary>An update in progress: the deployment, config name and variant summaries that replace the current ones once healthy.</summary>
    public const string PendingDeploymentMember = "_PendingDeployment";

    public const string PendingConfigMember = "_PendingConfigName";

    public const string PendingVariantsMember = "_PendingVariants";

    public const string LogGroupPrefix = "/aws/sagemaker/Endpoints/";

    /// <summary>Requests one instance may hold (in flight plus waiting for a pooled connection) before ServiceUnavailable.</summary>
    public const int MaxInFlightPerInstance = 64;

    private readonly ConcurrentDictionary<string, LiveEndpoint> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _launching = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ServingRunner? _runner;
    private RootfsCache? _rootfs;
    private string? _unavailable;

    private string Root => Path.Combine(settings.DataDirectory, "inference");

    /// <summary>Null when endpoints can run here, else why not (the CreateEndpoint refusal).</summary>
    public string? UnavailableReason
    {
        get
        {
            EnsureRunner();
            return _unavailable;
        }
    }

    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int MaxPayloadBytes => settings.InferenceMaxPayloadBytes;

    public LiveEndpoint? Find(string name) => _live.GetValueOrDefault(name);

    public static string LogGroup(string endpoint) => LogGroupPrefix + endpoint;

    /// <summary>&lt;variant&gt;/&lt;instance id&gt;, and /&lt;ContainerHostname&gt; for a container of a model with several.</summary>
    public static string StreamName(ServingInstance instance, ServingContainer? container = null) =>
        instance.Definition.VariantName + "/" + instance.InstanceId + (container?.Hostname is { } host ? "/" + host : string.Empty);

    public string LogStreamArn(string endpoint, ServingInstance instance, ServingContainer? container = null) =>
        $"arn:aws:logs:{account.Region}:{account.AccountId}:log-group:{LogGroup(endpoint)}:log-stream:{StreamName(instance, container)}";

    /// <summary>Brings the endpoint's instances up in the background; the outcome is written to its document.</summary>
    public void Launch(string name)
    {
        var cancel = new CancellationTokenSource();
        if (_launching.TryGetValue(name, out var previous))
        {
            previous.Cancel();
        }

        _launching[name] = cancel;
        _ = Task.Run(() => LaunchAsync(name, cancel, update: false));
    }

    /// <summary>UpdateEndpoint: the pending deployment's instances come up beside the running ones and replace them once healthy.</summary>
    public void Update(string name)
    {
        var cancel = new CancellationTokenSource();
        _launching[name] = cancel;
        _ = Task.Run(() => LaunchAsync(name, cancel, update: true));
    }

    /// <summary>UpdateEndpointWeightsAndCapacities: new weights take effect for the next request.</summary>
    public bool SetWeight(string name, string variant, double weight)
    {
        if (Find(name)?.Variants.FirstOrDefault(v => v.Name == variant) is not { } live)
        {
            return false;
        }

        live.Weight = weight;
        return true;
    }

    /// <summary>Stops the endpoint's instances, removes its model data and then its row (the endpoint-deleted waiter's signal).</summary>
    public void Delete(string name) => _ = Task.Run(() => DeleteAsync(name));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoints = await store.ListAsync(InferenceStore.Endpoint, cancellationToken).ConfigureAwait(false);
        if (endpoints.Count == 0 && !Directory.Exists(Root))
        {
            return;
        }

        EnsureRunner();

        // Before the server answers: an endpoint being brought back is SystemUpdating until its new instances are
        // healthy (one still being created stays Creating); an update the previous process did not finish is rolled
        // back: the deployment it was replacing comes back.
        foreach (var endpoint in endpoints.Where(e => InferenceInput.Text(e, "EndpointStatus") is not ("Failed" or "Deleting")))
        {
            await store.UpdateAsync(InferenceStore.Endpoint, InferenceInput.Text(endpoint, "EndpointName"), d =>
            {
                if (InferenceInput.Text(d, "EndpointStatus") != "Creating")
                {
                    d["EndpointStatus"] = "SystemUpdating";
                }

                d.Remove(PendingDeploymentMember);
                d.Remove(PendingConfigMember);
                d.Remove(PendingVariantsMember);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        _ = Task.Run(() => RecoverAsync(endpoints), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var cancel in _launching.Values)
        {
            await cancel.CancelAsync().ConfigureAwait(false);
        }

        // Health checks end first: a replacement being started stops with them.
        await StopHealthMonitorAsync().ConfigureAwait(false);

        // Graceful stop: no container outlives the server (all at once, within the host's drain time); a restart
        // brings the endpoints back from their documents.
        var stopping = new List<Task>();
        foreach (var name in _live.Keys.ToList())
        {
            if (_live.TryRemove(name, out var endpoint))
            {
                stopping.Add(StopEndpointAsync(endpoint));
            }
        }

        await Task.WhenAll(stopping).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _runner?.Dispose();
    }

    public Task WriteAsync(ServingInstance instance, ServingContainer container, IReadOnlyList<TrainingLogEvent> events, CancellationToken cancellationToken) =>
        WriteStreamAsync(instance, container, events, cancellationToken);

    /// <summary>A container's lines into its stream; the platform's own lines (<paramref name="container"/> null) into the instance's.</summary>
    private async Task WriteStreamAsync(ServingInstance instance, ServingContainer? container, IReadOnlyList<TrainingLogEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(events);
        var key = LogGroup(instance.Definition.EndpointName) + "/" + StreamName(instance, container);
        await logs.AppendLogEventsAsync(key, [.. events.Select(e => (e.Timestamp.ToUnixTimeMilliseconds(), e.Message))], time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
    }

    private async Task RecoverAsync(List<JsonObject> endpoints)
    {
        try
        {
            if (_runner is null)
            {
                foreach (var endpoint in endpoints.Where(e => InferenceInput.Text(e, "EndpointStatus") is not ("Failed" or "Deleting")))
                {
                    await FailAsync(InferenceInput.Text(endpoint, "EndpointName"), "InternalServerError: endpoints cannot run on this host: " + _unavailable).ConfigureAwait(false);
                }

                return;
            }

            var removed = await _runner.RemoveOrphansAsync(new HashSet<string>(), new HashSet<string>(), CancellationToken.None).ConfigureAwait(false);
            Log.OrphansRemoved(logger, removed.Count);
            await RemoveStaleInterfacesAsync().ConfigureAwait(false);
            foreach (var endpoint in endpoints)
            {
                var name = InferenceInput.Text(endpoint, "EndpointName");
                switch (InferenceInput.Text(endpoint, "EndpointStatus"))
                {
                    case "Deleting":
                        await store.DeleteAsync(InferenceStore.Endpoint, name, CancellationToken.None).ConfigureAwait(false);
                        break;
                    case "Failed":
                        break;
                    default:
                        Launch(name);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.RecoveryFailed(logger, ex);
        }
    }

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
                _unavailable = "endpoints need Linux and a server running as root (runc, network namespaces, cgroups)";
                return;
            }

            // Per data directory names (as for training), distinct from the training runner's so neither removes the other's.
            var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings.DataDirectory)))[..6];
            Directory.CreateDirectory(Root);
            const UnixFileMode Walkable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute;
            File.SetUnixFileMode(settings.DataDirectory, Walkable);
            File.SetUnixFileMode(Root, Walkable);
            var options = new ServingRunnerOptions
            {
                WorkDirectory = Path.Combine(Root, "instances"),
                NamePrefix = $"se{tag}-",
                CgroupParent = "/sagekeep-serve-" + tag,
                StartTimeout = TimeSpan.FromSeconds(settings.InferenceStartTimeoutSeconds),
            };
            _rootfs = new RootfsCache(Path.Combine(Root, "rootfs"), options.Mapping, logger);
            _runner = new ServingRunner(options, time, this, logger);
        }
    }
}
