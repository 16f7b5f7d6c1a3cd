using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Runtime.Serving;
using SageKeep.Scanning.Images;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.SageMaker.TrainingJobs;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>From a stored deployment to healthy instances, and back to nothing.</summary>
[SupportedOSPlatform("linux")]
internal sealed partial class EndpointService
{
    /// <summary>The deployment of one endpoint: each variant of the config with its model's container, as CreateEndpoint saw them.</summary>
    public static JsonObject Deployment(JsonObject config, IReadOnlyDictionary<string, JsonObject> models)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(models);
        var variants = new JsonArray();
        foreach (var variant in (config["ProductionVariants"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var model = models[InputValues.GetString(variant["ModelName"])!];
            var container = (model["PrimaryContainer"] ?? (model["Containers"] as JsonArray)?[0]) as JsonObject ?? [];
            variants.Add(new JsonObject
            {
                ["VariantName"] = variant["VariantName"]?.DeepClone(),
                ["ModelName"] = variant["ModelName"]?.DeepClone(),
                ["InstanceType"] = variant["InstanceType"]?.DeepClone(),
                ["InstanceCount"] = variant["InitialInstanceCount"]?.DeepClone(),
                ["Weight"] = variant["InitialVariantWeight"]?.DeepClone() ?? 1.0,
                ["StartupTimeout"] = variant["ContainerStartupHealthCheckTimeoutInSeconds"]?.DeepClone(),
                ["SpecifiedImage"] = container["Image"]?.DeepClone(),
                ["Image"] = model[CreateModel.PinnedImageMember]?.DeepClone(),
                ["ModelDataUrl"] = container["ModelDataUrl"]?.DeepClone(),
                ["Environment"] = container["Environment"]?.DeepClone() ?? new JsonObject(),
                ["EnableNetworkIsolation"] = model["EnableNetworkIsolation"]?.DeepClone() ?? false,
                ["VpcConfig"] = model["VpcConfig"]?.DeepClone(),
                ["ExecutionRoleArn"] = model["ExecutionRoleArn"]?.DeepClone(),
            });
            if (model[CreateModel.PinnedImagesMember] is JsonArray pinned && model["Containers"] is JsonArray all)
            {
                var entry = (JsonObject)variants[^1]!;
                entry["InferenceMode"] = InputValues.GetString(model["InferenceExecutionConfig"]?["Mode"]) ?? "Serial";
                entry["Containers"] = new JsonArray([.. all.OfType<JsonObject>().Select((c, i) => (JsonNode)new JsonObject
                {
                    ["ContainerHostname"] = c["ContainerHostname"]?.DeepClone() ?? CreateModel.DefaultHostname(i),
                    ["SpecifiedImage"] = c["Image"]?.DeepClone(),
                    ["Image"] = pinned[i]?.DeepClone(),
                    ["ModelDataUrl"] = c["ModelDataUrl"]?.DeepClone(),
                    ["Environment"] = c["Environment"]?.DeepClone() ?? new JsonObject(),
                })]);
            }
        }

        return new JsonObject { ["Variants"] = variants };
    }

    private async Task LaunchAsync(string name, CancellationTokenSource cancel, bool update)
    {
        var ct = cancel.Token;
        var started = new List<ServingInstance>();
        var modelDirectories = new List<string>();
        try
        {
            EnsureRunner();
            var runner = _runner ?? throw new InvalidOperationException(_unavailable);
            var document = await store.GetAsync(InferenceStore.Endpoint, name, ct).ConfigureAwait(false)
                ?? throw new OperationCanceledException("the endpoint is gone");
            var variants = new List<LiveVariant>();
            foreach (var variant in (document[update ? PendingDeploymentMember : DeploymentMember]?["Variants"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var variantName = InputValues.GetString(variant["VariantName"])!;
                await using var source = await ModelDataSourceAsync(name, variant, ct).ConfigureAwait(false);
                var containers = new List<ServingContainerDefinition>();
                foreach (var container in (variant["Containers"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var containerModel = await ModelDataAsync(runner, source.Store, InputValues.GetString(container["ModelDataUrl"]), ct).ConfigureAwait(false);
                    modelDirectories.Add(containerModel);
                    containers.Add(new ServingContainerDefinition(
                        InputValues.GetString(container["ContainerHostname"])!,
                        await ImageAsync(InputValues.GetString(container["Image"])!, ct).ConfigureAwait(false),
                        containerModel,
                        (container["Environment"] as JsonObject ?? []).ToDictionary(p => p.Key, p => InputValues.GetString(p.Value) ?? string.Empty, StringComparer.Ordinal)));
                }

                // One container: the variant's own image and model data; several: the first's are the instance's.
                var rootfs = containers.Count > 0 ? containers[0].Image : await ImageAsync(InputValues.GetString(variant["Image"])!, ct).ConfigureAwait(false);
                var modelDirectory = containers.Count > 0 ? containers[0].ModelDirectory : await ModelDataAsync(runner, source.Store, InputValues.GetString(variant["ModelDataUrl"]), ct).ConfigureAwait(false);
                if (containers.Count == 0)
                {
                    modelDirectories.Add(modelDirectory!);
                }

                var definition = new ServingInstanceDefinition
                {
                    Containers = containers,
                    EndpointName = name,
                    VariantName = variantName,
                    Image = rootfs,
                    ModelDirectory = modelDirectory,
                    Environment = (variant["Environment"] as JsonObject ?? []).ToDictionary(p => p.Key, p => InputValues.GetString(p.Value) ?? string.Empty, StringComparer.Ordinal),
                    InstanceType = InputValues.GetString(variant["InstanceType"])!,
                    EnableNetworkIsolation = variant["EnableNetworkIsolation"]?.GetValue<bool>() ?? false,
                    StartTimeout = InputValues.TryGetInt64(variant["StartupTimeout"], out var seconds) ? TimeSpan.FromSeconds(seconds) : null,
                };
                await source.DisposeAsync().ConfigureAwait(false);
                var count = InputValues.TryGetInt64(variant["InstanceCount"], out var n) ? (int)n : 1;
                var starts = Enumerable.Range(0, count).Select(_ => StartInstanceAsync(runner, definition, variant, ct)).ToList();
                try
                {
                    await Task.WhenAll(starts).ConfigureAwait(false);
                }
                finally
                {
                    started.AddRange(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result));
                }

                var instances = starts.Select(s => s.Result).ToList();
                var weight = InputValues.TryGetDouble(variant["Weight"], out var w) ? w : 1.0;
                variants.Add(new LiveVariant(variantName, weight, instances, MaxInFlightPerInstance, definition) { Direct = InputValues.GetString(variant["InferenceMode"]) == "Direct", Spec = variant });
                if (!update)
                {
                    await UpdateVariantAsync(name, variantName, instances.Count).ConfigureAwait(false);
                }
            }

            ct.ThrowIfCancellationRequested();
            var live = new LiveEndpoint(name, variants, modelDirectories);
            var previous = _live.GetValueOrDefault(name);

            // New instances are healthy: requests go to them from here on, the old ones finish what they hold.
            _live[name] = live;
            EnsureHealthMonitor();
            var changed = await store.UpdateAsync(InferenceStore.Endpoint, name, d => (!update || Promote(d)) && Apply(d, "InService", null, live), CancellationToken.None).ConfigureAwait(false);
            if (!changed)
            {
                // Deleted (or failed) while starting: nothing may keep running.
                _live.TryRemove(new KeyValuePair<string, LiveEndpoint>(name, live));
                await StopEndpointAsync(live).ConfigureAwait(false);
            }
            else if (update && previous is not null)
            {
                await RetireAsync(previous).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            foreach (var instance in started)
            {
                await instance.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var directory in modelDirectories)
            {
                _runner?.RemoveModel(directory);
            }

            if (!cancel.IsCancellationRequested)
            {
                var reason = ex switch
                {
                    ServingStartException => ex.Message,
                    InvalidDataException or FileNotFoundException or Scanning.Layers.RootfsRefusedException => "ClientError: " + ex.Message,
                    _ => "InternalServerError: the platform could not start the endpoint's instances",
                };
                if (ex is not ServingStartException and not InvalidDataException)
                {
                    Log.LaunchFailed(logger, ex, name);
                }

                if (update)
                {
                    // Rollback: the running deployment stays in service; FailureReason says why the update failed, in
                    // the words a failed creation would have (as SageMaker shows it).
                    await store.UpdateAsync(InferenceStore.Endpoint, name, d => RemovePending(d) && Apply(d, "InService", reason, _live.GetValueOrDefault(name)), CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await FailAsync(name, reason).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _launching.TryRemove(new KeyValuePair<string, CancellationTokenSource>(name, cancel));
            cancel.Dispose();
        }
    }

    private async Task<Runtime.Images.CachedRootfs> ImageAsync(string pinned, CancellationToken ct)
    {
        // The image is this registry's whatever host name the model named it by (and the port may differ after a restart).
        var local = $"127.0.0.1:{settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{pinned[(pinned.IndexOf('/', StringComparison.Ordinal) + 1)..]}";
        var image = await images.ResolveAsync(local, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"image {pinned} is no longer in the registry");
        var layout = await images.ExportLayoutAsync(image, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"image {pinned} is no longer in the registry");
        try
        {
            return await _rootfs!.GetAsync(new ImageSource(layout), ct).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(layout, recursive: true);
        }
    }

    private static async Task<string> ModelDataAsync(ServingRunner runner, IObjectStore objects, string? url, CancellationToken ct)
    {
        if (url is null)
        {
            return runner.CreateEmptyModel();
        }

        var (bucket, key) = S3Uri.Parse(url) ?? throw new InvalidDataException($"ModelDataUrl {url} is not an s3:// URI");
        var stored = await objects.OpenReadAsync(bucket, key, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Could not access model data at {url}: the object does not exist");
        await using (stored.ConfigureAwait(false))
        {
            try
            {
                return await runner.UnpackModelAsync(stored.Content, ct).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"Could not unpack model data at {url}: {ex.Message}", ex);
            }
        }
    }

    private async Task DeleteAsync(string name)
    {
        if (_launching.TryGetValue(name, out var cancel))
        {
            try
            {
                await cancel.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The launch just ended.
            }
        }

        if (_live.TryRemove(name, out var endpoint))
        {
            await StopEndpointAsync(endpoint).ConfigureAwait(false);
        }

        await store.DeleteAsync(InferenceStore.Endpoint, name, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Closes a replaced deployment to new requests, waits for the ones it holds (bounded by the invocation timeout), then stops it.</summary>
    private async Task RetireAsync(LiveEndpoint endpoint)
    {
        foreach (var variant in endpoint.Variants)
        {
            variant.Retire();
        }

        var deadline = time.GetUtcNow() + InvocationTimeout + TimeSpan.FromSeconds(5);
        while (endpoint.Variants.Any(v => v.InFlight > 0) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time).ConfigureAwait(false);
        }

        await StopEndpointAsync(endpoint).ConfigureAwait(false);
    }

    /// <summary>The pending deployment of an update becomes the endpoint's own.</summary>
    private static bool Promote(JsonObject document)
    {
        if (document[PendingDeploymentMember] is not JsonObject pending)
        {
            return false;
        }

        document[DeploymentMember] = pending.DeepClone();
        document["EndpointConfigName"] = document[PendingConfigMember]?.DeepClone();
        document["ProductionVariants"] = document[PendingVariantsMember]?.DeepClone();
        return RemovePending(document);
    }

    private static bool RemovePending(JsonObject document)
    {
        document.Remove(PendingDeploymentMember);
        document.Remove(PendingConfigMember);
        document.Remove(PendingVariantsMember);
        return true;
    }

    private async Task StopEndpointAsync(LiveEndpoint endpoint)
    {
        await Task.WhenAll(endpoint.Variants.SelectMany(v => v.Close()).Select(i => i.DisposeAsync().AsTask())).ConfigureAwait(false);
        foreach (var directory in endpoint.ModelDirectories)
        {
            _runner?.RemoveModel(directory);
        }
    }

    private Task<bool> FailAsync(string name, string reason) =>
        store.UpdateAsync(InferenceStore.Endpoint, name, d => Apply(d, "Failed", reason, null), CancellationToken.None);

    private Task<bool> UpdateVariantAsync(string name, string variant, int current) =>
        store.UpdateAsync(
            InferenceStore.Endpoint,
            name,
            d =>
            {
                if (InferenceInput.Text(d, "EndpointStatus") is "Deleting" or "Failed")
                {
                    return false;
                }

                foreach (var summary in (d["ProductionVariants"] as JsonArray ?? []).OfType<JsonObject>().Where(v => InputValues.GetString(v["VariantName"]) == variant))
                {
                    summary["CurrentInstanceCount"] = current;
                }

                return true;
            },
            CancellationToken.None);

    /// <summary>A status change into the document; nothing changes once the endpoint is being deleted.</summary>
    private bool Apply(JsonObject document, string status, string? reason, LiveEndpoint? live)
    {
        if (InferenceInput.Text(document, "EndpointStatus") == "Deleting")
        {
            return false;
        }

        document["EndpointStatus"] = status;
        document["LastModifiedTime"] = JsonValue.Create(InferenceInput.Now(time));
        if (reason is not null)
        {
            document["FailureReason"] = reason.Length > 1024 ? reason[..1024] : reason;
        }
        else
        {
            document.Remove("FailureReason");
        }

        foreach (var summary in (document["ProductionVariants"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var variant = live?.Variants.FirstOrDefault(v => v.Name == InputValues.GetString(summary["VariantName"]));
            summary["CurrentInstanceCount"] = variant?.Instances.Count(i => !i.Exited.IsCompleted) ?? 0;
            summary["CurrentWeight"] = variant is null ? summary["DesiredWeight"]?.DeepClone() : JsonValue.Create(variant.Weight);
        }

        return true;
    }
}
