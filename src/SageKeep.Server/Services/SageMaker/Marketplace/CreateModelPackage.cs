using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Images;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Services.SageMaker.Tags;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>
/// <c>sagemaker:CreateModelPackage</c>: versioned (ModelPackageGroupName: the next version of the group,
/// ModelApprovalStatus defaulting to PendingManualApproval) or unversioned (ModelPackageName, the marketplace
/// form). Every InferenceSpecification container image must be in this server's registry and is pinned to its
/// digest (ImageDigest) now; the package answers at once and stays Pending until its images' scans pass or fail
/// the gate (<see cref="AlgorithmValidator"/>), CertifyForMarketplace adding the <see cref="CertificationGate"/>.
/// SourceAlgorithmSpecification must name algorithms that exist here.
/// </summary>
internal sealed class CreateModelPackage(MarketplaceStore store, IRegistryImages images, ScanQueue scans, AwsAccount account, TimeProvider time) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "CreateModelPackage";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var resource = InputValues.GetString(input["ModelPackageGroupName"]) is { } group
            ? ModelPackageNames.PackageArn(account, ModelPackageNames.GroupName(group) + "/*")
            : ModelPackageNames.PackageArn(account, InputValues.GetString(input["ModelPackageName"]) ?? "*");
        var keys = new Dictionary<string, IReadOnlyList<string>>();
        if (InputValues.GetString(input["ModelApprovalStatus"]) is { } approval)
        {
            keys["sagemaker:ModelApprovalStatus"] = [approval];
        }

        return ValueTask.FromResult(new AccessRequest("sagemaker:CreateModelPackage", [resource]) { ContextKeys = keys, RequestTags = TagRules.Read(input) });
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        if (TagRules.CheckCreate(TagRules.Read(context.Input)) is { } invalidTags)
        {
            return OperationResult.Fail(invalidTags);
        }

        var name = InputValues.GetString(input["ModelPackageName"]);
        var groupGiven = InputValues.GetString(input["ModelPackageGroupName"]);
        if ((name is null) == (groupGiven is null))
        {
            return Invalid(context, "Exactly one of ModelPackageName (an unversioned model package) or ModelPackageGroupName (a versioned one) is required.");
        }

        if (input["InferenceSpecification"] is not JsonObject { } inference || inference["Containers"] is not JsonArray { Count: > 0 })
        {
            return Invalid(context, "InferenceSpecification with at least one container is required.");
        }

        var approval = InputValues.GetString(input["ModelApprovalStatus"]);
        if (name is not null && approval is not null)
        {
            return Invalid(context, "ModelApprovalStatus can only be set for versioned model packages (ModelPackageGroupName).");
        }

        var document = (JsonObject)input.DeepClone();
        document.Remove("Tags");
        document.Remove("ClientToken");

        // Step 1: algorithms named as sources must exist; every container image is pinned to its digest.
        foreach (var source in (document["SourceAlgorithmSpecification"]?["SourceAlgorithms"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var algorithm = InputValues.GetString(source["AlgorithmName"]) ?? string.Empty;
            if (await store.GetAsync(MarketplaceStore.Algorithm, algorithm, ct).ConfigureAwait(false) is null)
            {
                return Invalid(context, $"Algorithm {algorithm} named in SourceAlgorithmSpecification does not exist.");
            }
        }

        var pinned = new List<ResolvedImage>();
        foreach (var container in (document["InferenceSpecification"]!["Containers"] as JsonArray)!.OfType<JsonObject>())
        {
            if (await PinAsync(container, pinned, ct).ConfigureAwait(false) is { } error)
            {
                return OperationResult.Fail(error);
            }
        }

        // Step 2: store as Pending (the next version of the group, or under its own name).
        var created = MarketplaceShapes.Now(time);
        document["CreationTime"] = JsonValue.Create(created);
        document["CreatedBy"] = MarketplaceShapes.UserContext(context.Principal);
        document["ModelPackageStatus"] = "Pending";
        document["CertifyForMarketplace"] = input["CertifyForMarketplace"]?.GetValue<bool>() ?? false;
        document[AlgorithmValidator.ImagesMember] = new JsonArray([.. pinned.Select(i => (JsonNode)i.PinnedUri).Distinct()]);
        string arn;
        if (groupGiven is not null)
        {
            if (await ModelPackageNames.FindGroupAsync(store, groupGiven, ct).ConfigureAwait(false) is not { } group)
            {
                return OperationResult.Fail(CreateModelPackageGroup.NotFound(context.Protocol, account, groupGiven));
            }

            var groupName = InputValues.GetString(group["ModelPackageGroupName"])!;
            document["ModelPackageName"] = groupName;
            document["ModelPackageGroupName"] = groupName;
            document["ModelApprovalStatus"] = approval ?? "PendingManualApproval";
            var versionArn = string.Empty;
            var version = await store.AddVersionAsync(
                groupName,
                "Pending",
                created,
                v =>
                {
                    versionArn = ModelPackageNames.VersionedArn(account, groupName, v);
                    document["ModelPackageVersion"] = v;
                    document["ModelPackageArn"] = versionArn;
                    document["ModelPackageStatusDetails"] = NotStarted(groupName);
                    return (versionArn, document);
                },
                TagRules.Read(input),
                ct).ConfigureAwait(false);
            if (version is null)
            {
                return OperationResult.Fail(CreateModelPackageGroup.NotFound(context.Protocol, account, groupGiven));
            }

            arn = versionArn;
        }
        else
        {
            arn = ModelPackageNames.PackageArn(account, name!);
            document["ModelPackageArn"] = arn;
            document["ModelPackageStatusDetails"] = NotStarted(name!);
            if (!await store.AddAsync(MarketplaceStore.ModelPackage, name!, arn, "Pending", created, document, TagRules.Read(input), ct).ConfigureAwait(false))
            {
                return OperationResult.Fail(AwsError.Sender("ConflictException", $"Model Package {arn} already exists."));
            }
        }

        // Step 3: scan each image against the current database (the worker calls the validator back).
        foreach (var image in pinned.DistinctBy(i => (i.Repository, i.Digest)))
        {
            await scans.EnqueueAsync(image.Repository, image.Digest, ct).ConfigureAwait(false);
        }

        return OperationResult.Ok(new JsonObject { ["ModelPackageArn"] = arn });
    }

    private static OperationResult Invalid(OperationContext context, string message) =>
        OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, message));

    private static JsonObject NotStarted(string name) => new()
    {
        ["ValidationStatuses"] = new JsonArray(new JsonObject { ["Name"] = name, ["Status"] = "NotStarted" }),
        ["ImageScanStatuses"] = new JsonArray(new JsonObject { ["Name"] = name, ["Status"] = "NotStarted" }),
    };

    private async Task<AwsError?> PinAsync(JsonObject container, List<ResolvedImage> pinned, CancellationToken ct)
    {
        if (InputValues.GetString(container["Image"]) is not { } uri)
        {
            return AwsError.Sender("ValidationException", "Every InferenceSpecification container needs an Image.");
        }

        var image = await images.ResolveAsync(uri, ct).ConfigureAwait(false);
        if (image is null)
        {
            return AwsError.Sender("ValidationException", $"Image {uri} is not in this server's registry (push it first; images are referenced as host:port/repository:tag or @sha256:digest).");
        }

        if (InputValues.GetString(container["ImageDigest"]) is { } given && given != image.Digest)
        {
            return AwsError.Sender("ValidationException", $"ImageDigest {given} does not match image {uri} ({image.Digest}).");
        }

        container["ImageDigest"] = image.Digest;
        pinned.Add(image);
        return null;
    }
}
