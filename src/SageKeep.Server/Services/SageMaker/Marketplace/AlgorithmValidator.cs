using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Images;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>
/// Moves algorithms from Pending to Completed or Failed as their images' scans finish, and again whenever
/// a re-scan (after a vulnerability database update) changes an image's verdict. The status details follow
/// SageMaker's shape: one ValidationStatuses and one ImageScanStatuses item named after the algorithm, the
/// FailureReason naming the image, the blocking CVEs and the gate policy that decided.
/// </summary>
internal sealed class AlgorithmValidator(MarketplaceStore store, IRegistryImages images, ILogger<AlgorithmValidator> logger) : IScanCompletedListener
{
    /// <summary>Where the pinned image URIs of a resource are kept in its document (never shown to clients).</summary>
    public const string ImagesMember = "SageKeepImages";

    public async Task OnScanCompletedAsync(ScanRecord scan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scan);
        foreach (var algorithm in await store.ListAsync(MarketplaceStore.Algorithm, ct).ConfigureAwait(false))
        {
            if (PinnedImages(algorithm).Any(uri => uri.EndsWith("/" + scan.Repository + "@" + scan.Digest, StringComparison.Ordinal)))
            {
                await EvaluateAsync(algorithm, ct).ConfigureAwait(false);
            }
        }
    }

    public async Task EvaluateAsync(JsonObject algorithm, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var name = InputValues.GetString(algorithm["AlgorithmName"])!;
        var failures = new List<string>();
        var pending = false;
        foreach (var uri in PinnedImages(algorithm))
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
            status = InputValues.GetString(algorithm["AlgorithmStatus"]) == "Pending" ? "Pending" : "InProgress";
            details = Details(name, "InProgress", null);
        }
        else
        {
            status = "Completed";
            details = Details(name, "Completed", null);
        }

        algorithm["AlgorithmStatus"] = status;
        algorithm["AlgorithmStatusDetails"] = details;
        await store.UpdateAsync(MarketplaceStore.Algorithm, name, status, algorithm, ct).ConfigureAwait(false);
        Log.AlgorithmValidated(logger, name, status, failures.Count > 0 ? string.Join(" ", failures) : "-");
    }

    public static IEnumerable<string> PinnedImages(JsonObject document) =>
        (document[ImagesMember] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>();

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
