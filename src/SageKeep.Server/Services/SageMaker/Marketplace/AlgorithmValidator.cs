using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Images;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>
/// Moves algorithms and model packages from Pending to Completed or Failed as their images' scans finish, and
/// again whenever a re-scan (after a vulnerability database update) changes an image's verdict. The status
/// details follow SageMaker's shape: one ValidationStatuses and one ImageScanStatuses item named after the
/// resource, the FailureReason naming the image, the blocking CVEs and the gate policy that decided. A resource
/// with <c>CertifyForMarketplace</c> is judged by <see cref="CertificationGate"/> as well.
/// </summary>
internal sealed class AlgorithmValidator(MarketplaceStore store, IRegistryImages images, RegistryStore registry, ILogger<AlgorithmValidator> logger) : IScanCompletedListener
{
    /// <summary>Where the pinned image URIs of a resource are kept in its document (never shown to clients).</summary>
    public const string ImagesMember = "SageKeepImages";

    public async Task OnScanCompletedAsync(ScanRecord scan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scan);
        foreach (var kind in new[] { MarketplaceStore.Algorithm, MarketplaceStore.ModelPackage })
        {
            foreach (var document in await store.ListAsync(kind, ct).ConfigureAwait(false))
            {
                if (PinnedImages(document).Any(uri => uri.EndsWith("/" + scan.Repository + "@" + scan.Digest, StringComparison.Ordinal)))
                {
                    await EvaluateAsync(kind, document, ct).ConfigureAwait(false);
                }
            }
        }
    }

    public Task EvaluateAsync(JsonObject algorithm, CancellationToken ct) => EvaluateAsync(MarketplaceStore.Algorithm, algorithm, ct);

    public async Task EvaluateAsync(string kind, JsonObject document, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        var algorithm = kind == MarketplaceStore.Algorithm;
        var name = algorithm ? InputValues.GetString(document["AlgorithmName"])! : InputValues.GetString(document["ModelPackageName"])!;
        var row = algorithm ? name : RowName(document);
        var statusMember = algorithm ? "AlgorithmStatus" : "ModelPackageStatus";
        var certify = document["CertifyForMarketplace"]?.GetValue<bool>() ?? false;
        var failures = new List<string>();
        var pending = false;
        foreach (var uri in PinnedImages(document))
        {
            var image = await images.ResolveAsync(uri, ct).ConfigureAwait(false);
            if (image is null)
            {
                failures.Add($"Image {uri} is no longer in the registry.");
                continue;
            }

            var gate = await images.GetGateStatusAsync(image, ct).ConfigureAwait(false);
            switch (gate.State)
            {
                case ImageGateState.Pending:
                    pending = true;
                    break;
                case ImageGateState.Blocked:
                    failures.Add($"Image {uri} failed the scan gate ({gate.Policy}): {gate.Reason}");
                    break;
                case ImageGateState.Unknown:
                    failures.Add($"Image {uri} could not be scanned: {gate.Reason}");
                    break;
                case ImageGateState.Passed when certify:
                    var scan = await registry.GetScanAsync(image.Repository, image.Digest, ct).ConfigureAwait(false);
                    if (CertificationGate.Evaluate(scan) is { } refusal)
                    {
                        failures.Add($"Image {uri} cannot be certified for the marketplace ({CertificationGate.Description}): {refusal}");
                    }

                    break;
            }
        }

        string status;
        JsonObject details;
        if (failures.Count > 0)
        {
            var reason = string.Join(" ", failures);
            status = "Failed";
            details = Details(name, "Failed", reason);
        }
        else if (pending)
        {
            status = InputValues.GetString(document[statusMember]) == "Pending" ? "Pending" : "InProgress";
            details = Details(name, "InProgress", null);
        }
        else
        {
            status = "Completed";
            details = Details(name, "Completed", null);
        }

        document[statusMember] = status;
        document[algorithm ? "AlgorithmStatusDetails" : "ModelPackageStatusDetails"] = details;
        if (certify)
        {
            document[CertificationGate.PolicyMember] = CertificationGate.Description;
        }

        await store.UpdateAsync(kind, row, status, document, ct).ConfigureAwait(false);
        Log.ResourceValidated(logger, kind, row, status, failures.Count > 0 ? string.Join(" ", failures) : "-");
    }

    public static IEnumerable<string> PinnedImages(JsonObject document) =>
        (document[ImagesMember] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>();

    /// <summary>The store row of a model package: <c>group/version</c> when versioned, else its name.</summary>
    public static string RowName(JsonObject modelPackage)
    {
        ArgumentNullException.ThrowIfNull(modelPackage);
        return modelPackage["ModelPackageVersion"] is { } version
            ? MarketplaceStore.VersionedName(InputValues.GetString(modelPackage["ModelPackageGroupName"])!, version.GetValue<int>())
            : InputValues.GetString(modelPackage["ModelPackageName"])!;
    }

    private static JsonObject Details(string name, string status, string? reason)
    {
        JsonObject Item()
        {
            var item = new JsonObject { ["Name"] = name, ["Status"] = status };
            if (reason is not null)
            {
                item["FailureReason"] = reason;
            }

            return item;
        }

        return new JsonObject
        {
            ["ValidationStatuses"] = new JsonArray(Item()),
            ["ImageScanStatuses"] = new JsonArray(Item()),
        };
    }
}
