using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.Versioning;
using SageKeep.Runtime.Jobs;
using SageKeep.Runtime.Serving;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>
/// Health re-checks of in-service instances: every interval each instance gets GET /ping (SageMaker's contract: 200
/// within 2 s). An instance that fails the configured number of checks in a row, or whose container ended, leaves the
/// rotation (requests go to the variant's other instances) and a new container from the same definition takes its
/// place; the replacement is written to the endpoint's log group. A variant short of instances (a replacement that
/// could not start) gets another attempt at every check.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class EndpointService
{
    private readonly ConcurrentDictionary<ServingInstance, int> _failures = new();
    private readonly ConcurrentDictionary<Task, byte> _replacements = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _monitor;

    private TimeSpan HealthCheckInterval => TimeSpan.FromSeconds(settings.InferenceHealthCheckIntervalSeconds);

    private void EnsureHealthMonitor()
    {
        lock (_gate)
        {
            if (_monitor is null && !_stopping.IsCancellationRequested)
            {
                _monitor = Task.Run(() => MonitorAsync(_stopping.Token), CancellationToken.None);
            }
        }
    }

    private async Task MonitorAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(HealthCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    await CheckAllAsync(ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
                {
                    Log.HealthCheckFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The server stops.
        }
    }

    private async Task CheckAllAsync(CancellationToken ct)
    {
        var checks = new List<Task>();
        var checkedInstances = new HashSet<ServingInstance>();
        foreach (var endpoint in _live.Values)
        {
            foreach (var variant in endpoint.Variants)
            {
                foreach (var instance in variant.Instances)
                {
                    checkedInstances.Add(instance);
                    checks.Add(CheckAsync(endpoint, variant, instance, ct));
                }

                // Step 2: a variant short of instances (a replacement that did not start) tries again.
                var missing = variant.DesiredCount - variant.Instances.Count - variant.Starting;
                for (var i = 0; i < missing; i++)
                {
                    StartReplacement(endpoint, variant, failed: null);
                }
            }
        }

        await Task.WhenAll(checks).ConfigureAwait(false);
        foreach (var gone in _failures.Keys.Where(i => !checkedInstances.Contains(i)))
        {
            _failures.TryRemove(gone, out _);
        }
    }

    /// <summary>Step 1: one GET /ping; the count of failures in a row decides when the instance is replaced.</summary>
    private async Task CheckAsync(LiveEndpoint endpoint, LiveVariant variant, ServingInstance instance, CancellationToken ct)
    {
        if (!instance.Exited.IsCompleted && await instance.PingAsync(ct).ConfigureAwait(false))
        {
            _failures.TryRemove(instance, out _);
            return;
        }

        var failures = _failures.AddOrUpdate(instance, 1, (_, n) => n + 1);
        if (!instance.Exited.IsCompleted && failures < settings.InferenceHealthCheckFailures)
        {
            return;
        }

        _failures.TryRemove(instance, out _);
        if (!variant.TakeOutOfRotation(instance))
        {
            return;
        }

        var exited = instance.Exited.IsCompleted;
        var code = exited ? await instance.Exited.ConfigureAwait(false) : 0;
        var why = exited
            ? string.Create(CultureInfo.InvariantCulture, $"its container exited with code {code}")
            : string.Create(CultureInfo.InvariantCulture, $"it failed {failures} consecutive health checks (GET /ping did not answer 200 within 2 seconds)");
        Log.InstanceUnhealthy(logger, instance.InstanceId, endpoint.Name, why);
        await WriteEndpointLogAsync(instance, $"Instance {instance.InstanceId} of variant {variant.Name} was taken out of service: {why}. A replacement instance is starting.").ConfigureAwait(false);
        StartReplacement(endpoint, variant, instance);
    }

    private void StartReplacement(LiveEndpoint endpoint, LiveVariant variant, ServingInstance? failed)
    {
        variant.BeginStart();
        var replacement = Task.Run(() => ReplaceAsync(endpoint, variant, failed), CancellationToken.None);
        _replacements.TryAdd(replacement, 0);
        _ = replacement.ContinueWith(t => _replacements.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Step 3: a new container from the variant's definition; into rotation once healthy; the failed one stops.</summary>
    private async Task ReplaceAsync(LiveEndpoint endpoint, LiveVariant variant, ServingInstance? failed)
    {
        ServingInstance? started = null;
        try
        {
            if (failed is not null && failed.Exited.IsCompleted)
            {
                await failed.DisposeAsync().ConfigureAwait(false);
            }

            if (_runner is null || variant.Definition is null)
            {
                return;
            }

            // Through the same path as the first instances: under VpcConfig the replacement gets its own ENI.
            started = await StartInstanceAsync(_runner, variant.Definition, variant.Spec, _stopping.Token).ConfigureAwait(false);
            if (!variant.AddToRotation(started))
            {
                // Stopped, updated or deleted meanwhile: the new instance has no place to serve.
                await started.DisposeAsync().ConfigureAwait(false);
                return;
            }

            Log.InstanceReplaced(logger, failed?.InstanceId ?? "(missing)", started.InstanceId, endpoint.Name);
            var replaced = failed is null ? "A missing instance" : $"Instance {failed.InstanceId}";
            await WriteEndpointLogAsync(started, $"{replaced} of variant {variant.Name} was replaced by instance {started.InstanceId}, which passed the ping health check.").ConfigureAwait(false);
            if (failed is not null)
            {
                await WriteEndpointLogAsync(failed, $"Instance {failed.InstanceId} was replaced by instance {started.InstanceId}.").ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (!_stopping.IsCancellationRequested)
            {
                Log.ReplacementFailed(logger, ex, endpoint.Name);
                if (failed is not null)
                {
                    await WriteEndpointLogAsync(failed, "The replacement instance could not be started: " + ex.Message + " It is tried again at the next health check.").ConfigureAwait(false);
                }
            }
        }
        finally
        {
            variant.EndStart();
            if (failed is not null)
            {
                await failed.DisposeAsync().ConfigureAwait(false);
                variant.Forget(failed);
            }

            if (_live.GetValueOrDefault(endpoint.Name) == endpoint)
            {
                await UpdateVariantAsync(endpoint.Name, variant.Name, variant.Instances.Count).ConfigureAwait(false);
            }
        }
    }

    private async Task WriteEndpointLogAsync(ServingInstance instance, string message)
    {
        try
        {
            await WriteStreamAsync(instance, null, [new TrainingLogEvent(time.GetUtcNow(), message, FromStderr: false)], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.HealthCheckFailed(logger, ex);
        }
    }

    private async Task StopHealthMonitorAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_monitor is { } monitor)
        {
            await monitor.ConfigureAwait(false);
        }

        await Task.WhenAll(_replacements.Keys).ConfigureAwait(false);
    }
}
