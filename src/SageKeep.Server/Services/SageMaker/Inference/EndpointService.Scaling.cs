using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Runtime.Serving;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>
/// UpdateEndpointWeightsAndCapacities' DesiredInstanceCount: the endpoint is Updating while a variant's instance count
/// changes. Scale out: new instances start from the variant's definition (with their own ENI under VpcConfig) and join
/// the rotation only once they pass the ping health check. Scale in: the newest instances leave the rotation, finish
/// the requests they hold (bounded by the invocation timeout) and stop. Then InService with the counts running; an
/// instance that could not start leaves the variant at what runs and the reason in FailureReason.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class EndpointService
{
    /// <summary>Changes the instance counts of the endpoint's variants in the background; the endpoint is Updating meanwhile.</summary>
    public void Scale(string name, IReadOnlyDictionary<string, int> counts)
    {
        var cancel = new CancellationTokenSource();
        _launching[name] = cancel;
        _ = Task.Run(() => ScaleAsync(name, counts, cancel));
    }

    private async Task ScaleAsync(string name, IReadOnlyDictionary<string, int> counts, CancellationTokenSource cancel)
    {
        var ct = cancel.Token;
        var failures = new List<string>();
        LiveEndpoint? live = null;
        try
        {
            live = Find(name);
            var document = await store.GetAsync(InferenceStore.Endpoint, name, ct).ConfigureAwait(false);
            if (live is null || document is null || _runner is not { } runner)
            {
                failures.Add("the endpoint's instances are not running");
                return;
            }

            var changes = new List<Task>();
            foreach (var (variantName, count) in counts)
            {
                var variant = live.Variants.FirstOrDefault(v => v.Name == variantName);
                if (variant?.Definition is not { } definition)
                {
                    continue;
                }

                var current = variant.Instances.Count;
                Log.Scaling(logger, name, variantName, current, count);
                if (count > current)
                {
                    // Counted as starting before the desired count rises, so the health checks do not start them too.
                    for (var i = current; i < count; i++)
                    {
                        variant.BeginStart();
                    }

                    variant.DesiredCount = count;
                    for (var i = current; i < count; i++)
                    {
                        changes.Add(ScaleOutAsync(runner, live, variant, definition, failures, ct));
                    }
                }
                else if (count < current)
                {
                    // Lowered first: the health checks must not replace what leaves the rotation now.
                    variant.DesiredCount = count;
                    changes.AddRange(variant.TakeSurplus(count).Select(instance => DrainAsync(live, variant, instance)));
                }
            }

            await Task.WhenAll(changes).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.LaunchFailed(logger, ex, name);
            lock (failures)
            {
                failures.Add("InternalServerError: the platform could not change the instance count");
            }
        }
        finally
        {
            _launching.TryRemove(new KeyValuePair<string, CancellationTokenSource>(name, cancel));
            cancel.Dispose();
            if (!ct.IsCancellationRequested && live is not null && _live.GetValueOrDefault(name) == live)
            {
                foreach (var variant in live.Variants.Where(v => counts.ContainsKey(v.Name) && v.Instances.Count < v.DesiredCount))
                {
                    // What could not start is not retried: the variant stays at what runs, as DescribeEndpoint shows.
                    variant.DesiredCount = variant.Instances.Count;
                }

                var reason = failures.Count == 0 ? null : "The instance count could not be changed: " + string.Join(" ", failures.Distinct(StringComparer.Ordinal));
                await store.UpdateAsync(InferenceStore.Endpoint, name, d => SettleScaling(d, reason, live), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task ScaleOutAsync(ServingRunner runner, LiveEndpoint live, LiveVariant variant, ServingInstanceDefinition definition, List<string> failures, CancellationToken ct)
    {
        try
        {
            var started = await StartInstanceAsync(runner, definition, variant.Spec, ct).ConfigureAwait(false);
            if (!variant.AddToRotation(started))
            {
                // Stopped, updated or deleted meanwhile.
                await started.DisposeAsync().ConfigureAwait(false);
                return;
            }

            await WriteStreamAsync(started, null, [new Runtime.Jobs.TrainingLogEvent(time.GetUtcNow(), $"Instance {started.InstanceId} of variant {variant.Name} passed the ping health check and joined the rotation (scale out).", FromStderr: false)], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (ex is not (ServingStartException or InvalidDataException or OperationCanceledException))
            {
                Log.LaunchFailed(logger, ex, live.Name);
            }

            lock (failures)
            {
                failures.Add(ex is ServingStartException or InvalidDataException ? ex.Message : "InternalServerError: the platform could not start an instance.");
            }
        }
        finally
        {
            variant.EndStart();
        }
    }

    /// <summary>An instance out of rotation finishes the requests it holds (bounded), then stops.</summary>
    private async Task DrainAsync(LiveEndpoint live, LiveVariant variant, ServingInstance instance)
    {
        var deadline = time.GetUtcNow() + InvocationTimeout + TimeSpan.FromSeconds(5);
        while (variant.ActiveOn(instance) > 0 && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time).ConfigureAwait(false);
        }

        await WriteStreamAsync(instance, null, [new Runtime.Jobs.TrainingLogEvent(time.GetUtcNow(), $"Instance {instance.InstanceId} of variant {variant.Name} left the rotation and stopped (scale in).", FromStderr: false)], CancellationToken.None).ConfigureAwait(false);
        await instance.DisposeAsync().ConfigureAwait(false);
        variant.Forget(instance);
    }

    /// <summary>Updating -> InService: the counts running now, desired counts and the deployment brought down to them.</summary>
    private bool SettleScaling(JsonObject document, string? reason, LiveEndpoint live)
    {
        if (InferenceInput.Text(document, "EndpointStatus") != "Updating")
        {
            return false;
        }

        foreach (var variant in live.Variants)
        {
            foreach (var summary in (document["ProductionVariants"] as JsonArray ?? []).OfType<JsonObject>().Where(v => InputValues.GetString(v["VariantName"]) == variant.Name))
            {
                summary["DesiredInstanceCount"] = variant.DesiredCount;
            }

            foreach (var deployed in (document[DeploymentMember]?["Variants"] as JsonArray ?? []).OfType<JsonObject>().Where(v => InputValues.GetString(v["VariantName"]) == variant.Name))
            {
                deployed["InstanceCount"] = variant.DesiredCount;
            }
        }

        return Apply(document, "InService", reason, live);
    }
}
