using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Images;
using SageKeep.Server.Services.SageMaker.Marketplace;
using SageKeep.Server.Services.SageMaker.TrainingJobs;
using SageKeep.Server.Services.SageMaker.Tags;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>
/// <c>sagemaker:CreateModel</c>: PrimaryContainer, or Containers; each container's Image is in this
/// server's registry (pinned to its digest now), ModelDataUrl an object of this server's object store, Environment,
/// ExecutionRoleArn passed with iam:PassRole, EnableNetworkIsolation, VpcConfig (subnets of one VPC and groups
/// in it, checked by <see cref="Ec2.NetworkInterfaces.ContainerInterfaces"/>: each serving instance gets an ENI there).
/// Instead of Image, a container may name a ModelPackageName: the package must exist, be Completed (not rejected) and
/// its image must pass the scan gate now; its InferenceSpecification container's pinned image, ModelDataUrl and
/// Environment (the caller's Environment on top) become the model's container. Containers may hold 2 to 15 containers
/// (each resolved the same way): InferenceExecutionConfig.Mode Serial (default; an inference pipeline) or Direct
/// (InvokeEndpoint names TargetContainerHostname); ContainerHostname given for all or none (then container-1, -2, ...).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class CreateModel(InferenceStore store, IRegistryImages images, IObjectStore objects, IModelPackageCatalog packages, Ec2.NetworkInterfaces.ContainerInterfaces interfaces, IAuthorizer authorizer, AwsAccount account, TimeProvider time) : IOperationHandler
{
    /// <summary>The pinned image URI (repository@digest) the endpoint runs, whatever tag the caller gave.</summary>
    public const string PinnedImageMember = "_PinnedImage";

    /// <summary>A model with several containers: each one's pinned image URI, in order.</summary>
    public const string PinnedImagesMember = "_PinnedImages";

    public string Service => "sagemaker";

    public string Operation => "CreateModel";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["sagemaker:NetworkIsolation"] = [(input["EnableNetworkIsolation"]?.GetValue<bool>() ?? false) ? "true" : "false"],
        };
        if (input["VpcConfig"]?["Subnets"] is JsonArray subnets)
        {
            keys["sagemaker:VpcSubnets"] = [.. subnets.Select(s => InputValues.GetString(s) ?? string.Empty)];
        }

        if (input["VpcConfig"]?["SecurityGroupIds"] is JsonArray groups)
        {
            keys["sagemaker:VpcSecurityGroupIds"] = [.. groups.Select(s => InputValues.GetString(s) ?? string.Empty)];
        }

        return ValueTask.FromResult(AccessRequest.For("sagemaker:CreateModel", InferenceArns.Model(account, InputValues.GetString(input["ModelName"]) ?? "*")) with
        {
            ContextKeys = keys,
            RequestTags = TagRules.Read(input),
        });
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var name = InputValues.GetString(input["ModelName"])!;
        if (TagRules.CheckCreate(TagRules.Read(context.Input)) is { } invalidTags)
        {
            return OperationResult.Fail(invalidTags);
        }

        if (Validate(input) is { } invalid)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, invalid));
        }

        // PassRole comes before any image, package or model data lookup: a caller who may not pass the role learns
        // nothing about what the registry, the marketplace or the object store holds.
        if (InputValues.GetString(input["ExecutionRoleArn"]) is { } role)
        {
            var passRole = AccessRequest.For("iam:PassRole", role) with
            {
                ContextKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["iam:PassedToService"] = ["sagemaker.amazonaws.com"] },
            };
            var allowed = await authorizer.AuthorizeAsync(context, passRole, ct).ConfigureAwait(false);
            if (!allowed.IsAllowed)
            {
                return OperationResult.Fail(allowed.Error ?? AwsError.Sender("AccessDeniedException", $"Not authorized to perform iam:PassRole on {role}."));
            }
        }

        if (input["VpcConfig"] is JsonObject vpc
            && await interfaces.ValidateAsync([.. (vpc["Subnets"] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>()], [.. (vpc["SecurityGroupIds"] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>()], ct).ConfigureAwait(false) is { } vpcError)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, vpcError));
        }

        var document = (JsonObject)input.DeepClone();
        var containers = document["PrimaryContainer"] is JsonObject primary ? [primary] : (document["Containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var pinned = new JsonArray();
        for (var index = 0; index < containers.Count; index++)
        {
            var container = containers[index];
            if (containers.Count > 1 && container["ContainerHostname"] is null)
            {
                // SageMaker names an unnamed container of a pipeline by its position.
                container["ContainerHostname"] = DefaultHostname(index);
            }

            var (image, refusal) = await ResolveContainerAsync(container, input["EnableNetworkIsolation"]?.GetValue<bool>() ?? false, InputValues.GetString(input["ExecutionRoleArn"]), ct).ConfigureAwait(false);
            if (refusal is not null)
            {
                return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, refusal));
            }

            pinned.Add(image!.PinnedUri);
        }

        if (containers.Count > 1)
        {
            document["InferenceExecutionConfig"] = new JsonObject { ["Mode"] = InputValues.GetString(input["InferenceExecutionConfig"]?["Mode"]) ?? "Serial" };
            document[PinnedImagesMember] = pinned;
        }

        var created = InferenceInput.Now(time);
        var arn = InferenceArns.Model(account, name);
        document.Remove("Tags");
        document["ModelArn"] = arn;
        document["CreationTime"] = JsonValue.Create(created);
        document["EnableNetworkIsolation"] = input["EnableNetworkIsolation"]?.GetValue<bool>() ?? false;
        document[PinnedImageMember] = pinned[0]!.DeepClone();
        if (!await store.AddAsync(InferenceStore.Model, name, arn, "Created", created, document, TagRules.Read(input), ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(InferenceArns.AlreadyExists(account, InferenceStore.Model, name));
        }

        return OperationResult.Ok(new JsonObject { ["ModelArn"] = arn });
    }

    /// <summary>The hostname of an unnamed container of a model with several: its position, from 1.</summary>
    public static string DefaultHostname(int index) => "container-" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One container's image (this registry's, or its model package's) and model data; or why it cannot be used.</summary>
    private async Task<(ResolvedImage? Image, string? Refusal)> ResolveContainerAsync(JsonObject container, bool isolated, string? role, CancellationToken ct)
    {
        ResolvedImage image;
        if (InputValues.GetString(container["ModelPackageName"]) is { } packageName)
        {
            var (resolved, refusal) = await FromPackageAsync(packageName, container, isolated, ct).ConfigureAwait(false);
            if (refusal is not null)
            {
                return (null, refusal);
            }

            image = resolved!;
        }
        else
        {
            var uri = InputValues.GetString(container["Image"])!;
            if (await images.ResolveAsync(uri, ct).ConfigureAwait(false) is not { } found)
            {
                return (null, $"Image {uri} is not in this server's registry. Images are pulled only from this server (host:port/repository:tag or @sha256:digest, pushed first); other registries are not reachable.");
            }

            image = found;
        }

        if (InputValues.GetString(container["ModelDataUrl"]) is { } dataUrl)
        {
            var location = S3Uri.Parse(dataUrl);
            if (location is not { } s3 || s3.Prefix.Length == 0 || s3.Prefix.EndsWith('/')
                || await objects.GetInfoAsync(s3.Bucket, s3.Prefix, ct).ConfigureAwait(false) is null)
            {
                return (null, $"Could not access model data at {dataUrl}. Please ensure that the role \"{role}\" exists and that its trust relationship policy allows the action \"sts:AssumeRole\" for the service principal \"sagemaker.amazonaws.com\". Also ensure that the role has \"s3:GetObject\" permissions and that the object is located in {account.Region}.");
            }
        }

        return (image, null);
    }

    /// <summary>
    /// ModelPackageName: the package's pinned image (still in the registry and passing the scan gate now), and its
    /// ModelDataUrl and Environment written into <paramref name="container"/> (the caller's Environment wins), as the
    /// endpoint will run them; or why the package cannot be used.
    /// </summary>
    private async Task<(ResolvedImage? Image, string? Refusal)> FromPackageAsync(string packageName, JsonObject container, bool isolated, CancellationToken ct)
    {
        var package = await packages.FindAsync(packageName, ct).ConfigureAwait(false);
        if (package is null)
        {
            return (null, $"ModelPackage {packageName} does not exist.");
        }

        if (package.RefusalReason is { } reason)
        {
            return (null, $"ModelPackage {package.Arn} cannot be used to create a model: {reason}");
        }

        if (package.Containers.Count != 1)
        {
            return (null, $"ModelPackage {package.Arn} has {package.Containers.Count} inference containers: only model packages with one container are supported by this server.");
        }

        if (package.RequiresNetworkIsolation && !isolated)
        {
            return (null, $"ModelPackage {package.Arn} is certified for the marketplace and must run with network isolation: set EnableNetworkIsolation.");
        }

        var spec = package.Containers[0];
        var image = await images.ResolveAsync(spec.PinnedImage, ct).ConfigureAwait(false);
        if (image is null)
        {
            return (null, $"ModelPackage {package.Arn}: its image {spec.PinnedImage} is no longer in this server's registry.");
        }

        var gate = await images.GetGateStatusAsync(image, ct).ConfigureAwait(false);
        switch (gate.State)
        {
            case ImageGateState.Blocked:
                return (null, $"ModelPackage {package.Arn}: its image {image.PinnedUri} is blocked by the scan gate ({gate.Policy}): {gate.Reason}");
            case ImageGateState.Pending:
                return (null, $"ModelPackage {package.Arn}: its image {image.PinnedUri} is being scanned; retry when the scan has completed.");
            case ImageGateState.Unknown:
                return (null, $"ModelPackage {package.Arn}: its image {image.PinnedUri} has no scan verdict ({gate.Reason}).");
        }

        container["ModelPackageName"] = package.Arn;
        container["Image"] = image.PinnedUri;
        if (spec.ModelDataUrl is { } url)
        {
            container["ModelDataUrl"] = url;
        }

        var environment = new JsonObject();
        foreach (var (key, value) in spec.Environment)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in container["Environment"] as JsonObject ?? [])
        {
            environment[key] = value?.DeepClone();
        }

        if (environment.Count > 0)
        {
            container["Environment"] = environment;
        }

        return (image, null);
    }

    /// <summary>What the model's constraints do not catch; null when the model can be created.</summary>
    private static string? Validate(JsonObject input)
    {
        var primary = input["PrimaryContainer"] as JsonObject;
        var containers = input["Containers"] as JsonArray;
        if (primary is null && containers is null)
        {
            return "Either PrimaryContainer or Containers must be specified.";
        }

        if (primary is not null && containers is not null)
        {
            return "PrimaryContainer and Containers cannot both be specified.";
        }

        if (containers is { Count: 0 })
        {
            return "Containers must hold 1 to 15 containers.";
        }

        if (input["InferenceExecutionConfig"] is not null && containers is null)
        {
            return "InferenceExecutionConfig applies to models with Containers, not to a PrimaryContainer.";
        }

        var list = primary is not null ? [primary] : containers!.Select(c => c as JsonObject).ToList();
        if (list.Count > 1)
        {
            var named = list.Count(c => InputValues.GetString(c?["ContainerHostname"]) is not null);
            if (named != 0 && named != list.Count)
            {
                return "If you specify a ContainerHostname for any container of an inference pipeline, you must specify one for every container.";
            }

            var duplicate = list.Select(c => InputValues.GetString(c?["ContainerHostname"])).OfType<string>().GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                return $"ContainerHostname {duplicate.Key} is used by more than one container: each container needs a unique hostname.";
            }
        }

        foreach (var container in list)
        {
            if (ValidateContainer(container) is { } invalid)
            {
                return list.Count > 1 ? $"Container {InputValues.GetString(container?["ContainerHostname"]) ?? "?"}: {invalid}" : invalid;
            }
        }

        if (input["VpcConfig"] is JsonObject vpc)
        {
            var subnets = vpc["Subnets"] as JsonArray ?? [];
            var groups = vpc["SecurityGroupIds"] as JsonArray ?? [];
            if (subnets.Count is < 1 or > 16 || groups.Count is < 1 or > 5)
            {
                return "VpcConfig needs 1 to 16 Subnets and 1 to 5 SecurityGroupIds.";
            }
        }

        return null;
    }

    private static string? ValidateContainer(JsonObject? container)
    {
        if (InputValues.GetString(container?["ModelPackageName"]) is not null)
        {
            if (container?["Image"] is not null || container?["ModelDataUrl"] is not null)
            {
                return "A container with ModelPackageName takes its Image and ModelDataUrl from the model package: give neither.";
            }
        }
        else if (InputValues.GetString(container?["Image"]) is null)
        {
            return "The container's Image is required (or a ModelPackageName).";
        }

        if (InputValues.GetString(container?["Mode"]) is { } mode && mode != "SingleModel")
        {
            return $"Container Mode {mode} is not supported: only SingleModel is.";
        }

        if (container?["ModelDataSource"] is not null || container?["AdditionalModelDataSources"] is not null)
        {
            return "ModelDataSource and AdditionalModelDataSources are not supported: give ModelDataUrl (an s3:// URI of a model.tar.gz).";
        }

        if (InputValues.GetString(container?["ModelDataUrl"]) is { } url && S3Uri.Parse(url) is null)
        {
            return $"ModelDataUrl {url} must be an s3://bucket/key URI.";
        }

        foreach (var key in (container?["Environment"] as JsonObject ?? []).Select(p => p.Key))
        {
            if (!EnvironmentName().IsMatch(key))
            {
                return $"Environment variable name '{key}' must match [a-zA-Z_][a-zA-Z0-9_]*.";
            }
        }

        return null;
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]{0,1023}$")]
    private static partial Regex EnvironmentName();
}
