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
/// <c>sagemaker:CreateAlgorithm</c>: every image (training and inference) must be in this server's registry;
/// tags are resolved to digests now (TrainingImageDigest / ImageDigest), so a later push to the tag cannot
/// change what was validated. Answers at once with the ARN; the algorithm is Pending until its images' scans
/// finish (<see cref="AlgorithmValidator"/>).
/// </summary>
internal sealed class CreateAlgorithm(MarketplaceStore store, IRegistryImages images, ScanQueue scans, AlgorithmValidator validator, AwsAccount account, TimeProvider time) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "CreateAlgorithm";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:CreateAlgorithm", Arn(account, InputValues.GetString(context.Input["AlgorithmName"]) ?? "*")) with
        {
            RequestTags = TagRules.Read(context.Input),
        });
    }

    public static string Arn(AwsAccount account, string name) => $"arn:aws:sagemaker:{account.Region}:{account.AccountId}:algorithm/{name.ToLowerInvariant()}";

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (TagRules.CheckCreate(TagRules.Read(context.Input)) is { } invalidTags)
        {
            return OperationResult.Fail(invalidTags);
        }

        var name = InputValues.GetString(context.Input["AlgorithmName"])!;
        var document = (JsonObject)context.Input.DeepClone();
        document.Remove("Tags");

        // Step 1: pin every image to its digest.
        var pinned = new List<ResolvedImage>();
        var training = document["TrainingSpecification"] as JsonObject;
        if (await PinAsync(training, "TrainingImage", "TrainingImageDigest", pinned, ct).ConfigureAwait(false) is { } trainingError)
        {
            return OperationResult.Fail(trainingError);
        }

        foreach (var container in (document["InferenceSpecification"]?["Containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (await PinAsync(container, "Image", "ImageDigest", pinned, ct).ConfigureAwait(false) is { } containerError)
            {
                return OperationResult.Fail(containerError);
            }
        }

        // Step 2: store as Pending.
        var now = time.GetUtcNow();
        var created = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var arn = Arn(account, name);
        document["AlgorithmArn"] = arn;
        document["CreationTime"] = JsonValue.Create(created);
        document["AlgorithmStatus"] = "Pending";
        document["CertifyForMarketplace"] = context.Input["CertifyForMarketplace"]?.GetValue<bool>() ?? false;
        document["AlgorithmStatusDetails"] = new JsonObject
        {
            ["ValidationStatuses"] = new JsonArray(new JsonObject { ["Name"] = name, ["Status"] = "NotStarted" }),
            ["ImageScanStatuses"] = new JsonArray(new JsonObject { ["Name"] = name, ["Status"] = "NotStarted" }),
        };
        document[AlgorithmValidator.ImagesMember] = new JsonArray([.. pinned.Select(i => (JsonNode)i.PinnedUri).Distinct()]);
        if (!await store.AddAsync(MarketplaceStore.Algorithm, name, arn, "Pending", created, document, TagRules.Read(context.Input), ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, $"Cannot create already existing algorithm \"{arn}\"."));
        }

        // Step 3: scan each image against the current database (the worker calls the validator back).
        foreach (var image in pinned.DistinctBy(i => (i.Repository, i.Digest)))
        {
            await scans.EnqueueAsync(image.Repository, image.Digest, ct).ConfigureAwait(false);
        }

        if (pinned.Count == 0)
        {
            await validator.EvaluateAsync(document, ct).ConfigureAwait(false);
        }

        return OperationResult.Ok(new JsonObject { ["AlgorithmArn"] = arn });
    }

    private async Task<AwsError?> PinAsync(JsonObject? holder, string imageMember, string digestMember, List<ResolvedImage> pinned, CancellationToken ct)
    {
        if (holder is null || InputValues.GetString(holder[imageMember]) is not { } uri)
        {
            return null;
        }

        var image = await images.ResolveAsync(uri, ct).ConfigureAwait(false);
        if (image is null)
        {
            return AwsError.Sender("ValidationException", $"Image {uri} is not in this server's registry (push it first; images are referenced as host:port/repository:tag or @sha256:digest).");
        }

        if (InputValues.GetString(holder[digestMember]) is { } given && given != image.Digest)
        {
            return AwsError.Sender("ValidationException", $"{digestMember} {given} does not match image {uri} ({image.Digest}).");
        }

        holder[digestMember] = image.Digest;
        pinned.Add(image);
        return null;
    }
}
