using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Images;
using SageKeep.Server.Services.Ec2.NetworkInterfaces;
using SageKeep.Server.Services.SageMaker.Tags;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// <c>sagemaker:CreateTrainingJob</c>: the image must be in this server's registry (no network pulls), given as
/// TrainingImage or as a marketplace AlgorithmName whose image passes the scan gate now
/// (<see cref="AlgorithmTrainingImages"/>); one instance, or InstanceCount N with VpcConfig (distributed training,
/// one ENI and container per instance), File input mode, S3Prefix or ManifestFile channels; the
/// caller must be allowed to pass RoleArn to SageMaker (iam:PassRole). The job is stored InProgress/Starting and
/// launched in the background. VpcConfig: the subnets must exist in one VPC and the groups in
/// that VPC (<see cref="ContainerInterfaces"/>); the container then gets an ENI there.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class CreateTrainingJob(TrainingJobStore store, TrainingJobService service, IRegistryImages images, AlgorithmTrainingImages algorithms, ContainerInterfaces interfaces, IAuthorizer authorizer, AwsAccount account, TimeProvider time) : IOperationHandler
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
            RequestTags = TagRules.Read(input),
        };
        return ValueTask.FromResult(access);
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var name = InputValues.GetString(input["TrainingJobName"])!;
        if (TagRules.CheckCreate(TagRules.Read(context.Input)) is { } invalidTags)
        {
            return OperationResult.Fail(invalidTags);
        }

        if (Validate(input) is { } invalid)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, invalid));
        }

        // PassRole comes before any image or algorithm lookup: a caller who may not pass the role learns nothing
        // about what the registry or the marketplace holds.
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

        var (subnets, groups) = VpcConfig(input);
        if (subnets is not null && await interfaces.ValidateAsync(subnets, groups!, ct).ConfigureAwait(false) is { } vpcError)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, vpcError));
        }

        ResolvedImage? image;
        JsonNode? metrics = input["AlgorithmSpecification"]?["MetricDefinitions"];
        if (InputValues.GetString(input["AlgorithmSpecification"]?["AlgorithmName"]) is { } algorithmName)
        {
            var (algorithm, resolved, refusal) = await algorithms.ResolveAsync(algorithmName, ct).ConfigureAwait(false);
            if (refusal is not null)
            {
                return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, refusal));
            }

            if (ValidateForAlgorithm(input, algorithm!) is { } mismatch)
            {
                return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, mismatch));
            }

            image = resolved;
            metrics ??= algorithm!["TrainingSpecification"]?["MetricDefinitions"];
        }
        else
        {
            var uri = InputValues.GetString(input["AlgorithmSpecification"]?["TrainingImage"])!;
            image = await images.ResolveAsync(uri, ct).ConfigureAwait(false);
            if (image is null)
            {
                return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, $"TrainingImage {uri} is not in this server's registry. Images are pulled only from this server (host:port/repository:tag or @sha256:digest, pushed first); other registries are not reachable."));
            }
        }

        if (service.UnavailableReason is { } unavailable)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "Training jobs cannot run on this server: " + unavailable + "."));
        }

        var instances = InputValues.TryGetInt64(input["ResourceConfig"]?["InstanceCount"], out var count) ? (int)Math.Min(count, int.MaxValue) : 1;
        if (instances > service.MaxInstances)
        {
            return OperationResult.Fail(Runtime.Jobs.RuntimeErrors.TooManyInstances(instances, service.MaxInstances));
        }

        var now = time.GetUtcNow();
        var created = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var arn = Arn(account, name);
        var document = Document(input, arn, created, image!);
        if (metrics is not null)
        {
            document[TrainingJobService.MetricsMember] = metrics.DeepClone();
        }

        if (!await store.AddAsync(name, arn, created, document, TagRules.Read(input), ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(AwsError.Sender("ResourceInUse", $"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({arn})."));
        }

        service.Launch(new TrainingJobLaunch(
            name,
            arn,
            image!,
            StringMap(input["HyperParameters"]),
            Channels(input),
            StringMap(input["Environment"]),
            InputValues.GetString(input["ResourceConfig"]?["InstanceType"])!,
            TimeSpan.FromSeconds(InputValues.TryGetInt64(input["StoppingCondition"]?["MaxRuntimeInSeconds"], out var max) ? max : 86400),
            input["EnableNetworkIsolation"]?.GetValue<bool>() ?? false,
            subnets,
            groups,
            instances));
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
        if (document["AlgorithmSpecification"] is JsonObject algorithm && algorithm["AlgorithmName"] is null)
        {
            algorithm["TrainingImage"] = image.PinnedUri;
        }

        document[TrainingJobService.LogStreamMember] = $"{input["TrainingJobName"]!.GetValue<string>()}/algo-1-{created.ToUnixTimeSeconds()}";
        return document;
    }

    /// <summary>VpcConfig's Subnets and SecurityGroupIds, or nulls without VpcConfig.</summary>
    private static (List<string>? Subnets, List<string>? Groups) VpcConfig(JsonObject input) =>
        input["VpcConfig"] is JsonObject vpc
            ? ([.. (vpc["Subnets"] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>()], [.. (vpc["SecurityGroupIds"] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>()])
            : (null, null);

    private static Dictionary<string, string> StringMap(JsonNode? node) =>
        (node as JsonObject ?? []).ToDictionary(p => p.Key, p => InputValues.GetString(p.Value) ?? string.Empty, StringComparer.Ordinal);

    private static List<TrainingJobChannelSource> Channels(JsonObject input) =>
        [.. (input["InputDataConfig"] as JsonArray ?? []).OfType<JsonObject>().Select(c =>
        {
            var s3 = c["DataSource"]?["S3DataSource"];
            var (bucket, prefix) = S3Uri.Parse(InputValues.GetString(s3?["S3Uri"]))!.Value;
            var type = InputValues.GetString(s3?["S3DataType"]) ?? TrainingJobChannelSource.S3Prefix;
            var distribution = InputValues.GetString(s3?["S3DataDistributionType"]) ?? Runtime.Jobs.TrainingChannel.FullyReplicated;
            return new TrainingJobChannelSource(InputValues.GetString(c["ChannelName"])!, bucket, prefix, InputValues.GetString(c["ContentType"]), type, distribution);
        })];
}
