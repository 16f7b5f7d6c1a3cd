using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
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

    /// <summary>Starts one instance and waits until it is healthy; <see cref="ServingStartException"/> (FailureReason as message) otherwise.</summary>
    public async Task<ServingInstance> StartAsync(ServingInstanceDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var limits = InstanceTypes.LimitsFor(definition.InstanceType, _options.Host)
            ?? throw new ServingStartException($"InstanceType {definition.InstanceType} is not supported by this server.");
        var runId = NewId();
        var containerId = ContainerIdFor(runId);
        var root = Path.Combine(_options.WorkDirectory, runId);
        var bundle = Path.Combine(root, "bundle");
        var logs = Path.Combine(root, "logs");
        Directory.CreateDirectory(bundle);
        Directory.CreateDirectory(logs);
        File.SetUnixFileMode(root, Walkable);
        var stdout = Path.Combine(logs, "stdout");
        var stderr = Path.Combine(logs, "stderr");
        var exitCode = Path.Combine(logs, "exit-code");
        RuncRun? run = null;
        NetnsConnector? connector = null;
        try
        {
            var network = !definition.EnableNetworkIsolation && definition.VpcNamespacePath is { } vpcNamespace
                ? new NetworkAttachment(NetworkMode.Vpc, vpcNamespace, Path.GetFileName(vpcNamespace), null, null)
                : await _network.PrepareAsync(runId, definition.EnableNetworkIsolation ? NetworkMode.Isolated : NetworkMode.Outbound, cancellationToken).ConfigureAwait(false);
            var model = definition.ModelDirectory ?? Path.Combine(root, "model");
            Directory.CreateDirectory(model);
            await OciConfigWriter.WriteBundleAsync(bundle, BuildSpec(definition, model, limits, network, containerId), cancellationToken).ConfigureAwait(false);
            run = _runc.Run(containerId, bundle, stdout, stderr, exitCode);
            var pid = await WaitUntilRunningAsync(definition, containerId, run, stderr, exitCode).ConfigureAwait(false);
            connector = await OpenNamespaceAsync(definition, pid, run, stderr, exitCode).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            connector?.Dispose();
            if (run is not null)
            {
                await _runc.DeleteAsync(containerId, CancellationToken.None).ConfigureAwait(false);
                run.Dispose();
            }

            await CleanupAsync(runId).ConfigureAwait(false);
            await ReleaseNetworkAsync(definition).ConfigureAwait(false);
            throw ex is ServingStartException or OperationCanceledException ? ex : new ServingStartException("The platform could not start the serving container: " + ex.Message, ex);
        }

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = connector.ConnectAsync,
            MaxConnectionsPerServer = _options.MaxConnectionsPerInstance,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{ServingPort}/"), Timeout = Timeout.InfiniteTimeSpan };
        var exited = run.WaitForExitAsync(_time, CancellationToken.None);
        var instance = new ServingInstance(this, definition, runId, containerId, connector, run, client, exited);
        instance.LogPump = PumpLogsAsync(instance, stdout, stderr);
        try
        {
            await WaitUntilHealthyAsync(instance, stderr, cancellationToken).ConfigureAwait(false);
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
        foreach (var container in await _runc.ListAsync(_options.NamePrefix, cancellationToken).ConfigureAwait(false))
        {
            orphans.Add(container.Id[_options.NamePrefix.Length..]);
        }

        orphans.UnionWith(await _network.ListRunIdsAsync(cancellationToken).ConfigureAwait(false));
        orphans.UnionWith(_cgroups.Children(_options.CgroupParent).Where(c => c.StartsWith(_options.NamePrefix, StringComparison.Ordinal)).Select(c => c[_options.NamePrefix.Length..]));
        orphans.UnionWith(Directory.EnumerateDirectories(_options.WorkDirectory).Select(Path.GetFileName).Where(n => n is not null && RunIdPattern().IsMatch(n)).Select(n => n!));
        orphans.ExceptWith(keepRunIds);
        foreach (var runId in orphans.Where(id => RunIdPattern().IsMatch(id)))
        {
            await _runc.DeleteAsync(ContainerIdFor(runId), cancellationToken).ConfigureAwait(false);
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

    internal async Task<bool> PingAsync(HttpClient client, CancellationToken cancellationToken)
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

    /// <summary>SIGTERM, a short grace, then runc delete -f; the instance's host objects are removed after its log pump ends.</summary>
    internal async Task StopInstanceAsync(ServingInstance instance)
    {
        if (!instance.Exited.IsCompleted)
        {
            await _runc.KillAsync(instance.ContainerId, "TERM", CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAny(instance.Exited, Task.Delay(TimeSpan.FromSeconds(1), _time)).ConfigureAwait(false);
        }

        await _runc.DeleteAsync(instance.ContainerId, CancellationToken.None).ConfigureAwait(false);
        await Task.WhenAny(instance.Exited, Task.Delay(TimeSpan.FromSeconds(10), _time)).ConfigureAwait(false);
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

    private ContainerSpec BuildSpec(ServingInstanceDefinition definition, string model, ContainerLimits limits, NetworkAttachment network, string containerId)
    {
        var environment = new List<KeyValuePair<string, string>>();
        foreach (var entry in definition.Image.Config.Env)
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

        environment.Add(new("SAGEMAKER_BIND_TO_PORT", ServingPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        environment.AddRange(definition.Environment);
        return new ContainerSpec
        {
            RootfsPath = definition.Image.RootfsPath,
            Args = [.. definition.Image.Config.Entrypoint, "serve"],
            Env = [.. environment.GroupBy(e => e.Key, StringComparer.Ordinal).Select(g => g.Key + "=" + g.Last().Value)],
            WorkingDirectory = definition.Image.Config.WorkingDir ?? "/",
            Hostname = "model",
            Mounts = [new BindMount(model, "/opt/ml/model", ReadOnly: true)],
            NetworkNamespacePath = network.NamespacePath,
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
    private async Task<NetnsConnector> OpenNamespaceAsync(ServingInstanceDefinition definition, int pid, RuncRun run, string stderr, string exitCode)
    {
        try
        {
            return await NetnsConnector.OpenAsync(pid, ServingPort).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            using var bounded = new CancellationTokenSource(_options.RuncStartTimeout, _time);
            try
            {
                await run.WaitForExitAsync(_time, bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new ServingStartException($"The serving container's process {pid} vanished but the container did not end within {_options.RuncStartTimeout}.", ex);
            }

            throw await ExitedAsync(definition, stderr, exitCode).ConfigureAwait(false);
        }
    }

    private static async Task<ServingStartException> ExitedAsync(ServingInstanceDefinition definition, string stderr, string exitCode)
    {
        var code = RuncRun.ReadExitCode(exitCode)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
        return new ServingStartException($"The primary container for production variant {definition.VariantName} did not pass the ping health check. The container exited with code {code}: {await LastLineAsync(stderr).ConfigureAwait(false)}");
    }

    /// <summary>Polls runc state until the container runs and returns its init's pid.</summary>
    private async Task<int> WaitUntilRunningAsync(ServingInstanceDefinition definition, string containerId, RuncRun run, string stderr, string exitCode)
    {
        var deadline = _time.GetUtcNow() + _options.RuncStartTimeout;
        while (true)
        {
            if (await _runc.StateAsync(containerId, CancellationToken.None).ConfigureAwait(false) is { Status: "running", Pid: > 0 } state)
            {
                return state.Pid;
            }

            if (run.HasExited)
            {
                throw await ExitedAsync(definition, stderr, exitCode).ConfigureAwait(false);
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new ServingStartException($"The serving container did not start within {_options.RuncStartTimeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), _time).ConfigureAwait(false);
        }
    }

    private async Task WaitUntilHealthyAsync(ServingInstance instance, string stderr, CancellationToken cancellationToken)
    {
        var definition = instance.Definition;
        var timeout = definition.StartTimeout ?? _options.StartTimeout;
        var deadline = _time.GetUtcNow() + timeout;
        var failed = $"The primary container for production variant {definition.VariantName} did not pass the ping health check.";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (instance.Exited.IsCompleted)
            {
                var reason = $"{failed} The container exited with code {await instance.Exited.ConfigureAwait(false)}: {await LastLineAsync(stderr).ConfigureAwait(false)}";
                Log.InstanceFailed(_logger, instance.InstanceId, definition.EndpointName, reason);
                throw new ServingStartException(reason);
            }

            if (await PingAsync(instance.Client, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (_time.GetUtcNow() > deadline)
            {
                var reason = $"{failed} It did not answer GET /ping with 200 within {timeout.TotalSeconds:0} seconds. Please check CloudWatch logs for this endpoint.";
                Log.InstanceFailed(_logger, instance.InstanceId, definition.EndpointName, reason);
                throw new ServingStartException(reason);
            }

            await Task.WhenAny(instance.Exited, Task.Delay(_options.PingInterval, _time, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task PumpLogsAsync(ServingInstance instance, string stdout, string stderr)
    {
        var tailers = new[] { new LogTailer(stdout, false, _time), new LogTailer(stderr, true, _time) };
        while (true)
        {
            var final = instance.Exited.IsCompleted;
            foreach (var tailer in tailers)
            {
                try
                {
                    var events = await tailer.ReadAsync(final, CancellationToken.None).ConfigureAwait(false);
                    if (events.Count > 0)
                    {
                        await _logs.WriteAsync(instance, events, CancellationToken.None).ConfigureAwait(false);
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

            await Task.WhenAny(instance.Exited, Task.Delay(_options.LogPollInterval, _time)).ConfigureAwait(false);
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

        var left = _cgroups.Remove(_options.CgroupParent.TrimEnd('/') + "/" + ContainerIdFor(runId));
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

    [GeneratedRegex("^[0-9a-f]{10}$")]
    private static partial Regex RunIdPattern();
}
