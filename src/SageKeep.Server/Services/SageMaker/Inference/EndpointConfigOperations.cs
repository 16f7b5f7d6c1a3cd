using System.Runtime.Versioning;
using System.Globalization;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Runtime.Oci;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.SageMaker.Tags;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>
/// <c>sagemaker:CreateEndpointConfig</c>: ProductionVariants (unique VariantName, an existing ModelName, an instance type
/// this server emulates, InitialInstanceCount 1..<see cref="MaxInstancesPerVariant"/>, InitialVariantWeight default 1.0).
/// Serverless variants, data capture, async inference, explainers, shadow variants and KMS keys are refused.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class CreateEndpointConfig(InferenceStore store, AwsAccount account, TimeProvider time) : IOperationHandler
{
    public const int MaxInstancesPerVariant = 4;

    private static readonly string[] Unsupported = ["DataCaptureConfig", "AsyncInferenceConfig", "ExplainerConfig", "ShadowProductionVariants", "KmsKeyId", "VpcConfig", "ExecutionRoleArn", "MetricsConfig"];

    public string Service => "sagemaker";

    public string Operation => "CreateEndpointConfig";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["sagemaker:InstanceTypes"] = [.. (input["ProductionVariants"] as JsonArray ?? []).OfType<JsonObject>().Select(v => InputValues.GetString(v["InstanceType"]) ?? string.Empty).Distinct()],
        };
        return ValueTask.FromResult(AccessRequest.For("sagemaker:CreateEndpointConfig", InferenceArns.EndpointConfig(account, InputValues.GetString(input["EndpointConfigName"]) ?? "*")) with
        {
            ContextKeys = keys,
            RequestTags = TagRules.Read(input),
        });
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var name = InputValues.GetString(input["EndpointConfigName"])!;
        if (TagRules.CheckCreate(TagRules.Read(context.Input)) is { } invalidTags)
        {
            return OperationResult.Fail(invalidTags);
        }

        if (Unsupported.FirstOrDefault(m => input[m] is not null) is { } member)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, $"{member} is not supported by this server yet: create the endpoint configuration without it."));
        }

        var variants = (input["ProductionVariants"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variant in variants)
        {
            var variantName = InputValues.GetString(variant["VariantName"])!;
            if (!names.Add(variantName))
            {
                return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, $"VariantName {variantName} appears more than once: variant names must be unique within an endpoint configuration."));
            }

            if (ValidateVariant(variant) is { } invalid)
            {
                return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, $"Variant {variantName}: {invalid}"));
            }

            var model = InputValues.GetString(variant["ModelName"])!;
            if (await store.GetAsync(InferenceStore.Model, model, ct).ConfigureAwait(false) is null)
            {
                return OperationResult.Fail(InferenceArns.NotFound(account, InferenceStore.Model, model));
            }
        }

        var created = InferenceInput.Now(time);
        var arn = InferenceArns.EndpointConfig(account, name);
        var document = (JsonObject)input.DeepClone();
        document.Remove("Tags");
        foreach (var variant in (document["ProductionVariants"] as JsonArray ?? []).OfType<JsonObject>())
        {
            variant["InitialVariantWeight"] ??= 1.0;
        }

        document["EndpointConfigArn"] = arn;
        document["CreationTime"] = JsonValue.Create(created);
        if (!await store.AddAsync(InferenceStore.EndpointConfig, name, arn, "Created", created, document, TagRules.Read(input), ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(InferenceArns.AlreadyExists(account, InferenceStore.EndpointConfig, name));
        }

        return OperationResult.Ok(new JsonObject { ["EndpointConfigArn"] = arn });
    }

    private static string? ValidateVariant(JsonObject variant)
    {
        if (variant["ServerlessConfig"] is not null || variant["InstancePools"] is not null || variant["ManagedInstanceScaling"] is not null)
        {
            return "ServerlessConfig, InstancePools and ManagedInstanceScaling are not supported by this server: give InstanceType and InitialInstanceCount.";
        }

        if (InputValues.GetString(variant["ModelName"]) is null)
        {
            return "ModelName is required.";
        }

        if (InputValues.GetString(variant["InstanceType"]) is not { } type)
        {
            return "InstanceType is required.";
        }

        if (InstanceTypes.Find(type) is null)
        {
            return $"InstanceType {type} is not supported by this server.";
        }

        if (!InputValues.TryGetInt64(variant["InitialInstanceCount"], out var count))
        {
            return "InitialInstanceCount is required.";
        }

        if (count is < 1 or > MaxInstancesPerVariant)
        {
            return string.Create(CultureInfo.InvariantCulture, $"InitialInstanceCount {count} is outside this server's range of 1 to {MaxInstancesPerVariant} instances per variant.");
        }

        if (variant["AcceleratorType"] is not null)
        {
            return "AcceleratorType is not supported by this server.";
        }

        return null;
    }
}

/// <summary><c>sagemaker:DescribeEndpointConfig</c>.</summary>
[SupportedOSPlatform("linux")]
internal sealed class DescribeEndpointConfig(InferenceStore store, AwsAccount account) : DescribeInferenceResource(store, account, InferenceStore.EndpointConfig, "EndpointConfig");

/// <summary><c>sagemaker:ListEndpointConfigs</c>.</summary>
[SupportedOSPlatform("linux")]
internal sealed class ListEndpointConfigs(InferenceStore store) : ListInferenceResources(store, InferenceStore.EndpointConfig, "EndpointConfig", null, "EndpointConfigName", "EndpointConfigArn", "CreationTime");

/// <summary><c>sagemaker:DeleteEndpointConfig</c>: endpoints created from it keep running (as on SageMaker).</summary>
[SupportedOSPlatform("linux")]
internal sealed class DeleteEndpointConfig(InferenceStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DeleteEndpointConfig";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:DeleteEndpointConfig", InferenceArns.EndpointConfig(account, InputValues.GetString(context?.Input["EndpointConfigName"]) ?? "*")));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["EndpointConfigName"])!;
        return await store.DeleteAsync(InferenceStore.EndpointConfig, name, ct).ConfigureAwait(false)
            ? OperationResult.Ok()
            : OperationResult.Fail(InferenceArns.NotFound(account, InferenceStore.EndpointConfig, name));
    }
}
