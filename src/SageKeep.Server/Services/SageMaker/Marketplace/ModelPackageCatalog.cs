using System.Text.Json.Nodes;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Images;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>
/// <see cref="IModelPackageCatalog"/> over the marketplace store. A Completed package is judged again at every lookup:
/// each container image's verdict must be from the current vulnerability database and scan gate policy
/// (<see cref="ScanVerdictFreshness"/>), else a re-scan is queued and the package refused until it has run, as
/// training jobs on algorithms are.
/// </summary>
internal sealed class ModelPackageCatalog(MarketplaceStore store, IRegistryImages images, ScanVerdictFreshness freshness) : IModelPackageCatalog
{
    public async Task<ModelPackageEntry?> FindAsync(string nameOrArn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nameOrArn);
        var document = await ModelPackageNames.FindAsync(store, nameOrArn, ct).ConfigureAwait(false);
        if (document is null)
        {
            return null;
        }

        var entry = ToEntry(document);
        if (entry.RefusalReason is not null)
        {
            return entry;
        }

        foreach (var container in entry.Containers)
        {
            // An image no longer in the registry is reported by the caller, which resolves it again.
            if (await images.ResolveAsync(container.PinnedImage, ct).ConfigureAwait(false) is { } image
                && await freshness.StaleReasonAsync(image, ct).ConfigureAwait(false) is { } stale)
            {
                return entry with { RefusalReason = $"its image {image.PinnedUri} must be re-evaluated: {stale}. A re-scan is queued; retry when DescribeModelPackage shows Completed again." };
            }
        }

        return entry;
    }

    internal static ModelPackageEntry ToEntry(JsonObject document)
    {
        var status = InputValues.GetString(document["ModelPackageStatus"]) ?? "Pending";
        var approval = InputValues.GetString(document["ModelApprovalStatus"]);
        var containers = new List<ModelPackageContainer>();
        foreach (var container in (document["InferenceSpecification"]?["Containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var image = InputValues.GetString(container["Image"]) ?? string.Empty;
            var digest = InputValues.GetString(container["ImageDigest"]) ?? string.Empty;
            var environment = (container["Environment"] as JsonObject ?? [])
                .Where(p => p.Value is JsonValue)
                .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
            var pinned = AlgorithmValidator.PinnedImages(document).FirstOrDefault(p => p.EndsWith("@" + digest, StringComparison.Ordinal)) ?? image;
            containers.Add(new ModelPackageContainer(image, digest, pinned, InputValues.GetString(container["ModelDataUrl"]), environment));
        }

        var failure = document["ModelPackageStatusDetails"]?["ImageScanStatuses"]?[0]?["FailureReason"] is { } reason ? InputValues.GetString(reason) : null;
        string? refusal = status switch
        {
            "Completed" when approval == "Rejected" => "The model package's approval status is Rejected.",
            "Completed" => null,
            "Failed" => "The model package failed validation: " + (failure ?? "see DescribeModelPackage."),
            _ => $"The model package is {status}: its images are still being scanned.",
        };
        return new ModelPackageEntry(
            InputValues.GetString(document["ModelPackageArn"])!,
            InputValues.GetString(document["ModelPackageName"])!,
            InputValues.GetString(document["ModelPackageGroupName"]),
            document["ModelPackageVersion"]?.GetValue<int>(),
            status,
            approval,
            document["CertifyForMarketplace"]?.GetValue<bool>() ?? false,
            containers,
            refusal);
    }
}
