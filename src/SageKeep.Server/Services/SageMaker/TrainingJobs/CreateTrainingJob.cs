using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Runtime.Oci;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Images;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// <c>sagemaker:CreateTrainingJob</c>: the image must be in this server's registry (no network pulls), one instance,
/// File input mode, S3Prefix channels; the caller must be allowed to pass RoleArn to SageMaker (iam:PassRole).
/// The job is stored InProgress/Starting and launched in the background; VpcConfig is validated and refused
/// until VPCs exist.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class CreateTrainingJob(TrainingJobStore store, TrainingJobService service, IRegistryImages images, IAuthorizer authorizer, AwsAccount account, TimeProvider time) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "CreateTrainingJob";

    public static string Arn(AwsAccount account, string name) => $"arn:aws:sagemaker:{account.Region}:{account.AccountId}:training-job/{name.ToLowerInvariant()}";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["sagemaker:NetworkIsolation"] = [(input["EnableNetworkIsolation"]?.GetValue<bool>() ?? false) ? "true" : "false"],
        };
        if (InputValues.GetString(input["ResourceConfig"]?["InstanceType"]) is { } type)
        {
            keys["sagemaker:InstanceTypes"] = [type];
        }

        if (input["VpcConfig"]?["Subnets"] is JsonArray subnets)
        {
            keys["sagemaker:VpcSubnets"] = [.. subnets.Select(s => InputValues.GetString(s) ?? string.Empty)];
        }

        if (input["VpcConfig"]?["SecurityGroupIds"] is JsonArray groups)
        {
            keys["sagemaker:VpcSecurityGroupIds"] = [.. groups.Select(s => InputValues.GetString(s) ?? string.Empty)];
        }

        var access = AccessRequest.For("sagemaker:CreateTrainingJob", Arn(account, InputValues.GetString(input["TrainingJobName"]) ?? "*")) with
        {
            ContextKeys = keys,
            RequestTags = Tags(input),
        };
        return ValueTask.FromResult(access);
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var name = InputValues.GetString(input["TrainingJobName"])!;
        if (Validate(input) is { } invalid)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, invalid));
        }

        var uri = InputValues.GetString(input["AlgorithmSpecification"]?["TrainingImage"])!;
        var image = await images.ResolveAsync(uri, ct).ConfigureAwait(false);
        if (image is null)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, $"TrainingImage {uri} is not in this server's registry. Images are pulled only from this server (host:port/repository:tag or @sha256:digest, pushed first); other registries are not reachable."));
        }

        var role = InputValues.GetString(input["RoleArn"])!;
        var passRole = AccessRequest.For("iam:PassRole", role) with
        {
            ContextKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["iam:PassedToService"] = ["sagemaker.amazonaws.com"] },
        };
        var allowed = await authorizer.AuthorizeAsync(context, passRole, ct).ConfigureAwait(false);
        if (!allowed.IsAllowed)
        {
            return OperationResult.Fail(allowed.Error ?? AwsError.Sender("AccessDeniedException", $"Not authorized to perform iam:PassRole on {role}."));
        }

        if (service.UnavailableReason is { } unavailable)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "Training jobs cannot run on this server: " + unavailable + "."));
        }

        var now = time.GetUtcNow();
        var created = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var arn = Arn(account, name);
        var document = Document(input, arn, created, image);
        if (!await store.AddAsync(name, arn, created, document, ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(AwsError.Sender("ResourceInUse", $"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({arn})."));
        }

        service.Launch(new TrainingJobLaunch(
            name,
            arn,
            image,
            StringMap(input["HyperParameters"]),
            Channels(input),
            StringMap(input["Environment"]),
            InputValues.GetString(input["ResourceConfig"]?["InstanceType"])!,
            TimeSpan.FromSeconds(InputValues.TryGetInt64(input["StoppingCondition"]?["MaxRuntimeInSeconds"], out var max) ? max : 86400),
            input["EnableNetworkIsolation"]?.GetValue<bool>() ?? false));
        return OperationResult.Ok(new JsonObject { ["TrainingJobArn"] = arn });
    }

    private static JsonObject Document(JsonObject input, string arn, DateTimeOffset created, ResolvedImage image)
    {
        var document = (JsonObject)input.DeepClone();
        document.Remove("Tags");
        document["TrainingJobArn"] = arn;
        document["CreationTime"] = JsonValue.Create(created);
        document["LastModifiedTime"] = JsonValue.Create(created);
        document["TrainingJobStatus"] = "InProgress";
        document["SecondaryStatus"] = "Starting";
        document["SecondaryStatusTransitions"] = new JsonArray(new JsonObject
        {
            ["Status"] = "Starting",
            ["StartTime"] = JsonValue.Create(created),
            ["StatusMessage"] = "Preparing the instances for training",
        });
        document["ModelArtifacts"] = new JsonObject { ["S3ModelArtifacts"] = string.Empty };
        document["EnableNetworkIsolation"] = input["EnableNetworkIsolation"]?.GetValue<bool>() ?? false;
        document["StoppingCondition"] ??= new JsonObject { ["MaxRuntimeInSeconds"] = 86400 };
        if (document["AlgorithmSpecification"] is JsonObject algorithm)
        {
            algorithm["TrainingImage"] = image.PinnedUri;
        }

        document[TrainingJobService.LogStreamMember] = $"{input["TrainingJobName"]!.GetValue<string>()}/algo-1-{created.ToUnixTimeSeconds()}";
        return document;
    }

    private static Dictionary<string, string> StringMap(JsonNode? node) =>
        (node as JsonObject ?? []).ToDictionary(p => p.Key, p => InputValues.GetString(p.Value) ?? string.Empty, StringComparer.Ordinal);

    private static Dictionary<string, string>? Tags(JsonObject input) =>
        input["Tags"] is JsonArray tags
            ? tags.OfType<JsonObject>().GroupBy(t => InputValues.GetString(t["Key"]) ?? string.Empty, StringComparer.Ordinal).ToDictionary(g => g.Key, g => InputValues.GetString(g.Last()["Value"]) ?? string.Empty, StringComparer.Ordinal)
            : null;

    private static List<TrainingJobChannelSource> Channels(JsonObject input) =>
        [.. (input["InputDataConfig"] as JsonArray ?? []).OfType<JsonObject>().Select(c =>
        {
            var (bucket, prefix) = S3Uri.Parse(InputValues.GetString(c["DataSource"]?["S3DataSource"]?["S3Uri"]))!.Value;
            return new TrainingJobChannelSource(InputValues.GetString(c["ChannelName"])!, bucket, prefix, InputValues.GetString(c["ContentType"]));
        })];

    /// <summary>What the model's constraints do not catch, in SageMaker's order; null when the request can run.</summary>
    private static string? Validate(JsonObject input)
    {
        var algorithm = input["AlgorithmSpecification"] as JsonObject;
        if (algorithm?["AlgorithmName"] is not null)
        {
            return "AlgorithmName is not supported yet: give AlgorithmSpecification.TrainingImage.";
        }

        if (InputValues.GetString(algorithm?["TrainingImage"]) is null)
        {
            return "AlgorithmSpecification.TrainingImage is required.";
        }

        if (InputValues.GetString(algorithm?["TrainingInputMode"]) is { } mode && mode != "File")
        {
            return $"TrainingInputMode {mode} is not supported: only File is.";
        }

        var resources = input["ResourceConfig"] as JsonObject;
        if (InputValues.TryGetInt64(resources?["InstanceCount"], out var count) && count != 1)
        {
            return $"InstanceCount {count} is not supported: this server runs training jobs on one instance (InstanceCount 1).";
        }

        if (resources?["InstanceGroups"] is not null)
        {
            return "ResourceConfig.InstanceGroups is not supported: give InstanceType and InstanceCount 1.";
        }

        if (InputValues.GetString(resources?["InstanceType"]) is not { } type || InstanceTypes.Find(type) is null)
        {
            return $"InstanceType {InputValues.GetString(resources?["InstanceType"])} is not supported by this server.";
        }

        if (S3Uri.Parse(InputValues.GetString(input["OutputDataConfig"]?["S3OutputPath"])) is null)
        {
            return "OutputDataConfig.S3OutputPath must be an s3://bucket/prefix URI.";
        }

        if (ValidateChannels(input) is { } channelError)
        {
            return channelError;
        }

        if (input["VpcConfig"] is JsonObject vpc)
        {
            var subnets = vpc["Subnets"] as JsonArray ?? [];
            var groups = vpc["SecurityGroupIds"] as JsonArray ?? [];
            if (subnets.Count is < 1 or > 16 || groups.Count is < 1 or > 5)
            {
                return "VpcConfig needs 1 to 16 Subnets and 1 to 5 SecurityGroupIds.";
            }

            return "VpcConfig is valid, but VPCs are not available on this server yet: create the training job without VpcConfig.";
        }

        return null;
    }

    private static string? ValidateChannels(JsonObject input)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in (input["InputDataConfig"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = InputValues.GetString(channel["ChannelName"]) ?? string.Empty;
            if (!names.Add(name))
            {
                return $"Channel names must be unique: {name} appears twice.";
            }

            var s3 = channel["DataSource"]?["S3DataSource"] as JsonObject;
            if (s3 is null)
            {
                return $"Channel {name}: only S3DataSource is supported.";
            }

            if (InputValues.GetString(s3["S3DataType"]) is { } dataType && dataType != "S3Prefix")
            {
                return $"Channel {name}: S3DataType {dataType} is not supported: only S3Prefix is.";
            }

            if (S3Uri.Parse(InputValues.GetString(s3["S3Uri"])) is null)
            {
                return $"Channel {name}: S3Uri must be an s3://bucket/prefix URI.";
            }

            if (InputValues.GetString(channel["InputMode"]) is { } mode && mode != "File")
            {
                return $"Channel {name}: InputMode {mode} is not supported: only File is.";
            }
        }

        return null;
    }
}
