using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.SageMaker.Tags;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>
/// <c>sagemaker:CreateEndpoint</c>: captures the endpoint configuration and its models (the deployment), stores the
/// endpoint Creating with each variant's DesiredInstanceCount, and brings the instances up in the background.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class CreateEndpoint(InferenceStore store, EndpointService service, AwsAccount account, TimeProvider time) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "CreateEndpoint";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:CreateEndpoint", InferenceArns.Endpoint(account, InputValues.GetString(context.Input["EndpointName"]) ?? "*")) with
        {
            RequestTags = TagRules.Read(context.Input),
        });
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var name = InputValues.GetString(input["EndpointName"])!;
        var configName = InputValues.GetString(input["EndpointConfigName"])!;
        if (TagRules.CheckCreate(TagRules.Read(input)) is { } invalidTags)
        {
            return OperationResult.Fail(invalidTags);
        }

        if (input["DeploymentConfig"] is not null)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "DeploymentConfig is not supported by this server yet: create the endpoint without it."));
        }

        var (config, models, error) = await LoadAsync(store, account, configName, ct).ConfigureAwait(false);
        if (error is not null || config is null)
        {
            return OperationResult.Fail(error!);
        }

        if (service.UnavailableReason is { } unavailable)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "Endpoints cannot run on this server: " + unavailable + "."));
        }

        var created = InferenceInput.Now(time);
        var arn = InferenceArns.Endpoint(account, name);
        var document = new JsonObject
        {
            ["EndpointName"] = name,
            ["EndpointArn"] = arn,
            ["EndpointConfigName"] = configName,
            ["EndpointStatus"] = "Creating",
            ["CreationTime"] = JsonValue.Create(created),
            ["LastModifiedTime"] = JsonValue.Create(created),
            ["ProductionVariants"] = Summaries(config, models, created),
            [EndpointService.DeploymentMember] = EndpointService.Deployment(config, models),
        };
        if (!await store.AddAsync(InferenceStore.Endpoint, name, arn, "Creating", created, document, TagRules.Read(input), ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(InferenceArns.AlreadyExists(account, InferenceStore.Endpoint, name));
        }

        service.Launch(name);
        return OperationResult.Ok(new JsonObject { ["EndpointArn"] = arn });
    }

    /// <summary>DescribeEndpoint's ProductionVariants for a configuration before any instance runs.</summary>
    internal static JsonArray Summaries(JsonObject config, Dictionary<string, JsonObject> models, DateTimeOffset created) =>
        new([.. (config["ProductionVariants"] as JsonArray ?? []).OfType<JsonObject>().Select(v => (JsonNode)new JsonObject
        {
            ["VariantName"] = v["VariantName"]?.DeepClone(),
            ["DeployedImages"] = DeployedImages(models[InputValues.GetString(v["ModelName"])!], created),
            ["CurrentWeight"] = v["InitialVariantWeight"]?.DeepClone() ?? 1.0,
            ["DesiredWeight"] = v["InitialVariantWeight"]?.DeepClone() ?? 1.0,
            ["CurrentInstanceCount"] = 0,
            ["DesiredInstanceCount"] = v["InitialInstanceCount"]?.DeepClone(),
        })]);

    /// <summary>One DeployedImage per container of the model: the image it named and the digest it runs.</summary>
    private static JsonArray DeployedImages(JsonObject model, DateTimeOffset created)
    {
        var containers = model["PrimaryContainer"] is JsonObject primary ? [primary] : (model["Containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var pinned = model[CreateModel.PinnedImagesMember] as JsonArray;
        return new JsonArray([.. containers.Select((c, i) => (JsonNode)new JsonObject
        {
            ["SpecifiedImage"] = c["Image"]?.DeepClone(),
            ["ResolvedImage"] = (pinned?[i] ?? model[CreateModel.PinnedImageMember])?.DeepClone(),
            ["ResolutionTime"] = JsonValue.Create(created),
        })]);
    }

    /// <summary>The configuration and its models, or the SageMaker error naming what is missing.</summary>
    internal static async Task<(JsonObject? Config, Dictionary<string, JsonObject> Models, SageKeep.Core.Errors.AwsError? Error)> LoadAsync(InferenceStore store, AwsAccount account, string configName, CancellationToken ct)
    {
        var models = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var config = await store.GetAsync(InferenceStore.EndpointConfig, configName, ct).ConfigureAwait(false);
        if (config is null)
        {
            return (null, models, InferenceArns.NotFound(account, InferenceStore.EndpointConfig, configName));
        }

        foreach (var modelName in (config["ProductionVariants"] as JsonArray ?? []).OfType<JsonObject>().Select(v => InputValues.GetString(v["ModelName"])!).Distinct())
        {
            var model = await store.GetAsync(InferenceStore.Model, modelName, ct).ConfigureAwait(false);
            if (model is null)
            {
                return (null, models, InferenceArns.NotFound(account, InferenceStore.Model, modelName));
            }

            models[modelName] = model;
        }

        return (config, models, null);
    }
}

/// <summary><c>sagemaker:DescribeEndpoint</c>: what the endpoint-in-service and endpoint-deleted waiters poll.</summary>
[SupportedOSPlatform("linux")]
internal sealed class DescribeEndpoint(InferenceStore store, AwsAccount account) : DescribeInferenceResource(store, account, InferenceStore.Endpoint, "Endpoint");

/// <summary><c>sagemaker:ListEndpoints</c>: NameContains, StatusEquals, time bounds, SortBy Name|CreationTime|Status, paging.</summary>
[SupportedOSPlatform("linux")]
internal sealed class ListEndpoints(InferenceStore store) : ListInferenceResources(store, InferenceStore.Endpoint, "Endpoint", "EndpointStatus", "EndpointName", "EndpointArn", "CreationTime", "LastModifiedTime", "EndpointStatus");

/// <summary><c>sagemaker:DeleteEndpoint</c>: Deleting at once; the instances stop and the endpoint disappears in the background.</summary>
[SupportedOSPlatform("linux")]
internal sealed class DeleteEndpoint(InferenceStore store, EndpointService service, AwsAccount account, TimeProvider time) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DeleteEndpoint";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:DeleteEndpoint", InferenceArns.Endpoint(account, InputValues.GetString(context?.Input["EndpointName"]) ?? "*")));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["EndpointName"])!;
        var found = await store.UpdateAsync(InferenceStore.Endpoint, name, d =>
        {
            d["EndpointStatus"] = "Deleting";
            d["LastModifiedTime"] = JsonValue.Create(InferenceInput.Now(time));
            return true;
        }, ct).ConfigureAwait(false);
        if (!found)
        {
            return OperationResult.Fail(InferenceArns.NotFound(account, InferenceStore.Endpoint, name));
        }

        service.Delete(name);
        return OperationResult.Ok();
    }
}

/// <summary>
/// <c>sagemaker:UpdateEndpoint</c>: Updating at once; the new configuration's instances start beside the running ones,
/// traffic moves to them once all are healthy, and the old ones stop after finishing the requests they hold. A failed
/// update is rolled back: the endpoint stays InService on its old configuration with the reason in FailureReason.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class UpdateEndpoint(InferenceStore store, EndpointService service, AwsAccount account, TimeProvider time) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "UpdateEndpoint";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:UpdateEndpoint", InferenceArns.Endpoint(account, InputValues.GetString(context?.Input["EndpointName"]) ?? "*")));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var name = InputValues.GetString(input["EndpointName"])!;
        var configName = InputValues.GetString(input["EndpointConfigName"])!;
        if (input["DeploymentConfig"] is not null || input["RetainAllVariantProperties"]?.GetValue<bool>() == true || input["ExcludeRetainedVariantProperties"] is not null)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "DeploymentConfig and retained variant properties are not supported by this server yet: update with EndpointConfigName only."));
        }

        var (config, models, error) = await CreateEndpoint.LoadAsync(store, account, configName, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult.Fail(error);
        }

        string? refusal = null;
        var found = await store.UpdateAsync(InferenceStore.Endpoint, name, d =>
        {
            if (InferenceInput.Text(d, "EndpointStatus") != "InService")
            {
                refusal = $"Cannot update in-progress endpoint \"{InferenceArns.Endpoint(account, name)}\".";
                return false;
            }

            d["EndpointStatus"] = "Updating";
            d["LastModifiedTime"] = JsonValue.Create(InferenceInput.Now(time));
            d[EndpointService.PendingDeploymentMember] = EndpointService.Deployment(config!, models);
            d[EndpointService.PendingConfigMember] = configName;
            d[EndpointService.PendingVariantsMember] = CreateEndpoint.Summaries(config!, models, InferenceInput.Now(time));
            return true;
        }, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, refusal));
        }

        if (!found)
        {
            return OperationResult.Fail(InferenceArns.NotFound(account, InferenceStore.Endpoint, name));
        }

        service.Update(name);
        return OperationResult.Ok(new JsonObject { ["EndpointArn"] = InferenceArns.Endpoint(account, name) });
    }
}

/// <summary>
/// <c>sagemaker:UpdateEndpointWeightsAndCapacities</c>: variant weights change for the next request; a
/// DesiredInstanceCount other than the current one makes the endpoint Updating while instances start (healthy before
/// they count) or drain and stop, then InService (<see cref="EndpointService.Scale"/>).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class UpdateEndpointWeightsAndCapacities(InferenceStore store, EndpointService service, AwsAccount account, TimeProvider time) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "UpdateEndpointWeightsAndCapacities";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:UpdateEndpointWeightsAndCapacities", InferenceArns.Endpoint(account, InputValues.GetString(context?.Input["EndpointName"]) ?? "*")));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["EndpointName"])!;
        var desired = (context.Input["DesiredWeightsAndCapacities"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var scaling = new Dictionary<string, int>(StringComparer.Ordinal);
        string? refusal = null;
        var found = await store.UpdateAsync(InferenceStore.Endpoint, name, d =>
        {
            if (InferenceInput.Text(d, "EndpointStatus") != "InService")
            {
                refusal = $"Cannot update in-progress endpoint \"{InferenceArns.Endpoint(account, name)}\".";
                return false;
            }

            var summaries = (d["ProductionVariants"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            foreach (var change in desired)
            {
                var variant = InputValues.GetString(change["VariantName"])!;
                var summary = summaries.FirstOrDefault(v => InputValues.GetString(v["VariantName"]) == variant);
                if (summary is null)
                {
                    refusal = $"The variant(s) \"[{variant}]\" is/are not present in the endpoint \"{InferenceArns.Endpoint(account, name)}\".";
                    return false;
                }

                if (InputValues.TryGetInt64(change["DesiredInstanceCount"], out var count) && count is < 1 or > CreateEndpointConfig.MaxInstancesPerVariant)
                {
                    refusal = string.Create(CultureInfo.InvariantCulture, $"DesiredInstanceCount {count} of variant {variant} is outside this server's range of 1 to {CreateEndpointConfig.MaxInstancesPerVariant} instances per variant.");
                    return false;
                }

                if (InputValues.TryGetInt64(change["DesiredInstanceCount"], out count) && InputValues.TryGetInt64(summary["DesiredInstanceCount"], out var current) && count != current)
                {
                    scaling[variant] = (int)count;
                    summary["DesiredInstanceCount"] = count;
                }
            }

            if (scaling.Count > 0)
            {
                d["EndpointStatus"] = "Updating";
            }

            foreach (var change in desired)
            {
                var variant = InputValues.GetString(change["VariantName"])!;
                if (InputValues.TryGetDouble(change["DesiredWeight"], out var weight))
                {
                    var summary = summaries.First(v => InputValues.GetString(v["VariantName"]) == variant);
                    summary["DesiredWeight"] = weight;
                    summary["CurrentWeight"] = weight;
                    service.SetWeight(name, variant, weight);
                }
            }

            d["LastModifiedTime"] = JsonValue.Create(InferenceInput.Now(time));
            return true;
        }, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, refusal));
        }

        if (!found)
        {
            return OperationResult.Fail(InferenceArns.NotFound(account, InferenceStore.Endpoint, name));
        }

        if (scaling.Count > 0)
        {
            service.Scale(name, scaling);
        }

        return OperationResult.Ok(new JsonObject { ["EndpointArn"] = InferenceArns.Endpoint(account, name) });
    }
}
