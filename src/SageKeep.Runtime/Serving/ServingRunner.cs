using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SageKeep.Runtime.Images;
using SageKeep.Runtime.Isolation;
using SageKeep.Runtime.Jobs;
using SageKeep.Runtime.Oci;
using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Serving;

/// <summary>
/// Runs SageMaker inference containers: one hardened runc container per instance from the model's image, started as
/// <c>&lt;entrypoint&gt; serve</c>, the unpacked model data read-only at /opt/ml/model, port 8080 reached through
/// the private path into the container's network namespace (<see cref="NetnsConnector"/>); healthy once GET /ping
/// answers 200 within the ping timeout, failed when that does not happen within the start timeout.
/// </summary>
public sealed partial class ServingRunner : IDisposable
{
    public const int ServingPort = 8080;

    /// <summary>The first port of the SAGEMAKER_SAFE_PORT_RANGE ranges given to the containers of a model with several (100 each).</summary>
    public const int SafePortBase = 9000;

    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private const UnixFileMode Walkable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute;

    private readonly ServingRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly IServingLogSink _logs;
    private readonly ILogger _logger;
    private readonly RuncClient _runc;
    private readonly NetworkIsolation _network;
    private readonly CgroupV1 _cgroups = new();

    public ServingRunner(ServingRunnerOptions options, TimeProvider time, IServingLogSink logs, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _logs = logs;
        _logger = logger;
        _runc = new RuncClient(options.RuncPath, options.RuncStateRoot);
        _network = new NetworkIsolation(options.NamePrefix, logger);
        Directory.CreateDirectory(options.WorkDirectory);
        File.SetUnixFileMode(options.WorkDirectory, Walkable);
        Directory.CreateDirectory(ModelsDirectory);
        File.SetUnixFileMode(ModelsDirectory, Walkable);
    }

    public ServingRunnerOptions Options => _options;

    private string ModelsDirectory => Path.Combine(_options.WorkDirectory, "models");

    public string ContainerIdFor(string runId) => _options.NamePrefix + runId;

    /// <summary>Unpacks a model.tar.gz into a new directory that instances bind read-only; the caller removes it with <see cref="RemoveModel"/>.</summary>
    public async Task<string> UnpackModelAsync(Stream archive, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(ModelsDirectory, NewId());
        try
        {
            await ModelDataUnpacker.UnpackAsync(archive, directory, cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            return directory;
        }
        catch
        {
            RemoveModel(directory);
            throw;
        }
    }

    /// <summary>An empty model directory (a model without ModelDataUrl).</summary>
    public string CreateEmptyModel()
    {
        var directory = Path.Combine(ModelsDirectory, NewId());
        Directory.CreateDirectory(directory, (UnixFileMode)0b111_101_101);
        return directory;
    }

    /// <summary>Removes a directory <see cref="UnpackModelAsync"/> made; other paths are left alone.</summary>
    public void RemoveModel(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (Path.GetDirectoryName(full) == Path.GetFullPath(ModelsDirectory) && Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
    }

    /// <summary>
    /// Starts one instance and waits until it is healthy; <see cref="ServingStartException"/> (FailureReason as message)
    /// otherwise. A model with several containers gets them all, in order, in one network namespace: the first
    /// container's (isolated: its own; otherwise the outbound or VPC namespace), which the others join by path.
    /// </summary>
    public async Task<ServingInstance> StartAsync(ServingInstanceDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var limits = InstanceTypes.LimitsFor(definition.InstanceType, _options.Host)
            ?? throw new ServingStartException($"InstanceType {definition.InstanceType} is not supported by this server.");
        IReadOnlyList<(string? Hostname, CachedRootfs Image, string? Model, IReadOnlyDictionary<string, string> Environment)> specs = definition.Containers.Count > 0
            ? [.. definition.Containers.Select(c => ((string?)c.Hostname, c.Image, c.ModelDirectory, c.Environment))]
            : [(null, definition.Image, definition.ModelDirectory, definition.Environment)];
        var shared = specs.Count == 1 ? limits : limits with { MemoryBytes = limits.MemoryBytes / specs.Count, Cpus = limits.Cpus / specs.Count };
        var runId = NewId();
        var root = Path.Combine(_options.WorkDirectory, runId);
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, Walkable);
        var containers = new List<ServingContainer>();
        NetnsConnector? connector = null;
        try
        {
            var network = !definition.EnableNetworkIsolation && definition.VpcNamespacePath is { } vpcNamespace
                ? new NetworkAttachment(NetworkMode.Vpc, vpcNamespace, Path.GetFileName(vpcNamespace), null, null)
                : await _network.PrepareAsync(runId, definition.EnableNetworkIsolation ? NetworkMode.Isolated : NetworkMode.Outbound, cancellationToken).ConfigureAwait(false);
            var namespacePath = network.NamespacePath;
            for (var index = 0; index < specs.Count; index++)
            {
                var spec = specs[index];
                var suffix = index == 0 ? string.Empty : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var containerId = ContainerIdFor(runId) + (index == 0 ? string.Empty : "-" + suffix);
                var bundle = Path.Combine(root, "bundle" + suffix);
                var logs = Path.Combine(root, "logs" + suffix);
                Directory.CreateDirectory(bundle);
                Directory.CreateDirectory(logs);
                var model = spec.Model ?? Path.Combine(root, "model" + suffix);
                Directory.CreateDirectory(model);
                var port = ServingPort + index;
                var environment = specs.Count == 1 ? spec.Environment : WithPorts(spec.Environment, index);
                await OciConfigWriter.WriteBundleAsync(bundle, BuildSpec(spec.Image, environment, spec.Hostname ?? "model", port, model, shared, namespacePath, containerId), cancellationToken).ConfigureAwait(false);
                var run = _runc.Run(containerId, bundle, Path.Combine(logs, "stdout"), Path.Combine(logs, "stderr"), Path.Combine(logs, "exit-code"));
                var container = new ServingContainer(spec.Hostname, port, containerId, run, Path.Combine(logs, "stdout"), Path.Combine(logs, "stderr"), Path.Combine(logs, "exit-code"));
                containers.Add(container);
                var pid = await WaitUntilRunningAsync(definition, container).ConfigureAwait(false);
                if (index == 0)
                {
                    connector = await OpenNamespaceAsync(definition, container, pid).ConfigureAwait(false);
                    namespacePath ??= $"/proc/{pid.ToString(System.Globalization.CultureInfo.InvariantCulture)}/ns/net";
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            connector?.Dispose();
            foreach (var container in containers)
            {
                await _runc.DeleteAsync(container.ContainerId, CancellationToken.None).ConfigureAwait(false);
                container.Run.Dispose();
            }

            await CleanupAsync(runId).ConfigureAwait(false);
            await ReleaseNetworkAsync(definition).ConfigureAwait(false);
            throw ex is ServingStartException or OperationCanceledException ? ex : new ServingStartException("The platform could not start the serving container: " + ex.Message, ex);
        }

        foreach (var container in containers)
        {
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = connector!.ConnectorFor(container.Port),
                MaxConnectionsPerServer = _options.MaxConnectionsPerInstance,
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
            };
            container.Client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{container.Port}/"), Timeout = Timeout.InfiniteTimeSpan };
            container.Exited = container.Run.WaitForExitAsync(_time, CancellationToken.None);
        }

        var instance = new ServingInstance(this, definition, runId, connector!, containers);
        instance.LogPump = Task.WhenAll(containers.Select(c => PumpLogsAsync(instance, c)));
        try
        {
            await WaitUntilHealthyAsync(instance, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Log.InstanceHealthy(_logger, instance.InstanceId, definition.EndpointName);
        return instance;
    }

    /// <summary>
    /// Removes every container, namespace, cgroup and workspace of this runner's prefix that is not in
    /// <paramref name="keepRunIds"/> (after a restart: what the previous process left), and model directories
    /// not in <paramref name="keepModels"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveOrphansAsync(IReadOnlySet<string> keepRunIds, IReadOnlySet<string> keepModels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keepRunIds);
        ArgumentNullException.ThrowIfNull(keepModels);
        var orphans = new HashSet<string>(StringComparer.Ordinal);
        var containerIds = new List<string>();
        foreach (var container in await _runc.ListAsync(_options.NamePrefix, cancellationToken).ConfigureAwait(false))
        {
            containerIds.Add(container.Id);
            orphans.Add(RunIdOf(container.Id[_options.NamePrefix.Length..]));
        }

        orphans.UnionWith(await _network.ListRunIdsAsync(cancellationToken).ConfigureAwait(false));
        orphans.UnionWith(_cgroups.Children(_options.CgroupParent).Where(c => c.StartsWith(_options.NamePrefix, StringComparison.Ordinal)).Select(c => RunIdOf(c[_options.NamePrefix.Length..])));
        orphans.UnionWith(Directory.EnumerateDirectories(_options.WorkDirectory).Select(Path.GetFileName).Where(n => n is not null && RunIdPattern().IsMatch(n)).Select(n => n!));
        orphans.ExceptWith(keepRunIds);
        foreach (var runId in orphans.Where(id => RunIdPattern().IsMatch(id)))
        {
            // Every container of the run: the first is named by the run id, the others by the run id and their index.
            foreach (var containerId in containerIds.Where(c => BelongsTo(c, ContainerIdFor(runId))))
            {
                await _runc.DeleteAsync(containerId, cancellationToken).ConfigureAwait(false);
            }

            await CleanupAsync(runId).ConfigureAwait(false);
            Log.OrphanRemoved(_logger, runId);
        }

        foreach (var model in Directory.EnumerateDirectories(ModelsDirectory).Where(m => !keepModels.Contains(m)))
        {
            RemoveModel(model);
        }

        return [.. orphans];
    }

    /// <summary>Removes the runner's cgroup parent when nothing is left under it.</summary>
    public void Dispose()
    {
        foreach (var directory in _cgroups.Existing(_options.CgroupParent))
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not empty or already gone.
            }
        }
    }

    /// <summary>GET /ping of every container of the instance: true when all answer 200.</summary>
    internal async Task<bool> PingAsync(ServingInstance instance, CancellationToken cancellationToken) =>
        await FirstFailingPingAsync(instance, cancellationToken).ConfigureAwait(false) is null;

    /// <summary>The first container (in order) whose GET /ping does not answer 200 within the ping timeout; null when all do.</summary>
    internal async Task<ServingContainer?> FirstFailingPingAsync(ServingInstance instance, CancellationToken cancellationToken)
    {
        var pings = instance.Containers.Select(c => PingAsync(c.Client, cancellationToken)).ToList();
        var answers = await Task.WhenAll(pings).ConfigureAwait(false);
        var failing = Array.IndexOf(answers, false);
        return failing < 0 ? null : instance.Containers[failing];
    }

    private async Task<bool> PingAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_options.PingTimeout);
        try
        {
            using var response = await client.GetAsync("ping", HttpCompletionOption.ResponseHeadersRead, bounded.Token).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>SIGTERM to every container, a short grace, then runc delete -f; the instance's host objects are removed after its log pumps end.</summary>
    internal async Task StopInstanceAsync(ServingInstance instance)
    {
        var running = instance.Containers.Where(c => !c.Exited.IsCompleted).ToList();
        foreach (var container in running)
        {
            await _runc.KillAsync(container.ContainerId, "TERM", CancellationToken.None).ConfigureAwait(false);
        }

        if (running.Count > 0)
        {
            await Task.WhenAny(Task.WhenAll(running.Select(c => c.Exited)), Task.Delay(TimeSpan.FromSeconds(1), _time)).ConfigureAwait(false);
        }

        foreach (var container in instance.Containers)
        {
            await _runc.DeleteAsync(container.ContainerId, CancellationToken.None).ConfigureAwait(false);
        }

        await Task.WhenAny(Task.WhenAll(instance.Containers.Select(c => c.Exited)), Task.Delay(TimeSpan.FromSeconds(10), _time)).ConfigureAwait(false);
        try
        {
            await Task.WhenAny(instance.LogPump, Task.Delay(TimeSpan.FromSeconds(5), _time)).ConfigureAwait(false);
        }
        finally
        {
            await CleanupAsync(instance.RunId).ConfigureAwait(false);
            await ReleaseNetworkAsync(instance.Definition).ConfigureAwait(false);
        }
    }

    private async Task ReleaseNetworkAsync(ServingInstanceDefinition definition)
    {
        if (definition.ReleaseNetworkAsync is not { } release)
        {
            return;
        }

        try
        {
            await release().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.NetworkReleaseFailed(_logger, ex, definition.EndpointName);
        }
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    /// <summary>
    /// The environment of container <paramref name="index"/> of a model with several: the caller's, then the port it
    /// binds (SAGEMAKER_BIND_TO_PORT, 8080 + index) and a range of 100 ports of its own for anything else it listens
    /// on (SAGEMAKER_SAFE_PORT_RANGE), as the containers share one network namespace.
    /// </summary>
    private static Dictionary<string, string> WithPorts(IReadOnlyDictionary<string, string> environment, int index)
    {
        var low = SafePortBase + (index * 100);
        return new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["SAGEMAKER_SAFE_PORT_RANGE"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{low}-{low + 99}"),
        };
    }

    private ContainerSpec BuildSpec(CachedRootfs image, IReadOnlyDictionary<string, string> variables, string hostname, int port, string model, ContainerLimits limits, string? namespacePath, string containerId)
    {
        var environment = new List<KeyValuePair<string, string>>();
        foreach (var entry in image.Config.Env)
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

        environment.AddRange(variables);

        // The platform connects to this port: the container is told so whatever the model's environment says.
        environment.Add(new("SAGEMAKER_BIND_TO_PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ContainerSpec
        {
            RootfsPath = image.RootfsPath,
            Args = [.. image.Config.Entrypoint, "serve"],
            Env = [.. environment.GroupBy(e => e.Key, StringComparer.Ordinal).Select(g => g.Key + "=" + g.Last().Value)],
            WorkingDirectory = image.Config.WorkingDir ?? "/",
            Hostname = hostname,
            Mounts = [new BindMount(model, "/opt/ml/model", ReadOnly: true)],
            NetworkNamespacePath = namespacePath,
            Limits = limits,
            CgroupsPath = _options.CgroupParent.TrimEnd('/') + "/" + containerId,
            Mapping = _options.Mapping,
        };
    }

    /// <summary>
    /// Opens the running container's network namespace. A container that ends between runc reporting it running and
    /// the open (a model that fails to load at once) leaves no /proc entry: that is reported as the container's exit,
    /// with its code and last stderr line, not as a platform fault.
    /// </summary>
    private async Task<NetnsConnector> OpenNamespaceAsync(ServingInstanceDefinition definition, ServingContainer container, int pid)
    {
        try
        {
            return await NetnsConnector.OpenAsync(pid, container.Port).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            using var bounded = new CancellationTokenSource(_options.RuncStartTimeout, _time);
            try
            {
                await container.Run.WaitForExitAsync(_time, bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new ServingStartException($"The serving container's process {pid} vanished but the container did not end within {_options.RuncStartTimeout}.", ex);
            }

            throw await ExitedAsync(definition, container).ConfigureAwait(false);
        }
    }

    /// <summary>SageMaker's words for a container that did not become healthy: "The primary container" or "The container &lt;hostname&gt;".</summary>
    private static string NotHealthy(ServingInstanceDefinition definition, ServingContainer container) =>
        (container.Hostname is null ? "The primary container" : $"The container {container.Hostname}") + $" for production variant {definition.VariantName} did not pass the ping health check.";

    private static async Task<ServingStartException> ExitedAsync(ServingInstanceDefinition definition, ServingContainer container)
    {
        var code = RuncRun.ReadExitCode(container.ExitCodePath)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
        return new ServingStartException($"{NotHealthy(definition, container)} The container exited with code {code}: {await LastLineAsync(container.Stderr).ConfigureAwait(false)}");
    }

    /// <summary>Polls runc state until the container runs and returns its init's pid.</summary>
    private async Task<int> WaitUntilRunningAsync(ServingInstanceDefinition definition, ServingContainer container)
    {
        var deadline = _time.GetUtcNow() + _options.RuncStartTimeout;
        while (true)
        {
            if (await _runc.StateAsync(container.ContainerId, CancellationToken.None).ConfigureAwait(false) is { Status: "running", Pid: > 0 } state)
            {
                return state.Pid;
            }

            if (container.Run.HasExited)
            {
                throw await ExitedAsync(definition, container).ConfigureAwait(false);
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new ServingStartException($"The serving container {container.Name} did not start within {_options.RuncStartTimeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), _time).ConfigureAwait(false);
        }
    }

    private async Task WaitUntilHealthyAsync(ServingInstance instance, CancellationToken cancellationToken)
    {
        var definition = instance.Definition;
        var timeout = definition.StartTimeout ?? _options.StartTimeout;
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (instance.Containers.FirstOrDefault(c => c.Exited.IsCompleted) is { } ended)
            {
                var reason = $"{NotHealthy(definition, ended)} The container exited with code {await ended.Exited.ConfigureAwait(false)}: {await LastLineAsync(ended.Stderr).ConfigureAwait(false)}";
                Log.InstanceFailed(_logger, instance.InstanceId, definition.EndpointName, reason);
                throw new ServingStartException(reason);
            }

            if (await FirstFailingPingAsync(instance, cancellationToken).ConfigureAwait(false) is not { } failing)
            {
                return;
            }

            if (_time.GetUtcNow() > deadline)
            {
                var reason = $"{NotHealthy(definition, failing)} It did not answer GET /ping with 200 within {timeout.TotalSeconds:0} seconds. Please check CloudWatch logs for this endpoint.";
                Log.InstanceFailed(_logger, instance.InstanceId, definition.EndpointName, reason);
                throw new ServingStartException(reason);
            }

            await Task.WhenAny(instance.Exited, Task.Delay(_options.PingInterval, _time, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task PumpLogsAsync(ServingInstance instance, ServingContainer container)
    {
        var tailers = new[] { new LogTailer(container.Stdout, false, _time), new LogTailer(container.Stderr, true, _time) };
        while (true)
        {
            var final = container.Exited.IsCompleted;
            foreach (var tailer in tailers)
            {
                try
                {
                    var events = await tailer.ReadAsync(final, CancellationToken.None).ConfigureAwait(false);
                    if (events.Count > 0)
                    {
                        await _logs.WriteAsync(instance, container, events, CancellationToken.None).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Log.SinkFailed(_logger, ex, instance.InstanceId);
                }
            }

            if (final)
            {
                return;
            }

            await Task.WhenAny(container.Exited, Task.Delay(_options.LogPollInterval, _time)).ConfigureAwait(false);
        }
    }

    private async Task CleanupAsync(string runId)
    {
        try
        {
            await _network.RemoveAsync(runId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RuntimeCommandException or IOException)
        {
            Log.CleanupIncomplete(_logger, runId, "its network: " + ex.Message);
        }

        var parent = _options.CgroupParent.TrimEnd('/');
        var left = new List<string>(_cgroups.Remove(parent + "/" + ContainerIdFor(runId)));
        foreach (var child in _cgroups.Children(_options.CgroupParent).Where(c => c != ContainerIdFor(runId) && BelongsTo(c, ContainerIdFor(runId))))
        {
            left.AddRange(_cgroups.Remove(parent + "/" + child));
        }

        if (left.Count > 0)
        {
            Log.CleanupIncomplete(_logger, runId, string.Join(", ", left));
        }

        var root = Path.Combine(_options.WorkDirectory, runId);
        for (var attempt = 0; Directory.Exists(root) && attempt < 10; attempt++)
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), _time).ConfigureAwait(false);
            }
        }
    }

    private static async Task<string> LastLineAsync(string path)
    {
        if (!File.Exists(path))
        {
            return "no output";
        }

        var lines = (await File.ReadAllLinesAsync(path).ConfigureAwait(false)).Where(l => l.Trim().Length > 0).ToList();
        var last = lines.Count > 0 ? lines[^1].Trim() : "no output";
        return last.Length > 300 ? last[..300] : last;
    }

    /// <summary>The run id in a container or cgroup name after the prefix: "&lt;run id&gt;" or "&lt;run id&gt;-&lt;index&gt;".</summary>
    private static string RunIdOf(string name)
    {
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? name : name[..dash];
    }

    /// <summary>Whether <paramref name="name"/> is the first container of a run (<paramref name="first"/>) or another of the same run.</summary>
    private static bool BelongsTo(string name, string first) =>
        name == first || (name.StartsWith(first + "-", StringComparison.Ordinal) && name[(first.Length + 1)..].All(char.IsAsciiDigit));

    [GeneratedRegex("^[0-9a-f]{10}$")]
    private static partial Regex RunIdPattern();
}
