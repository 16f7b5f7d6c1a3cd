using System.Text.Json.Nodes;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Images;
using SageKeep.Server.Services.SageMaker.Marketplace;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// AlgorithmSpecification.AlgorithmName: the marketplace algorithm's pinned training image, and whether it may run
/// now. The algorithm's status alone is a cached answer, so the image's scan is judged again at every
/// CreateTrainingJob: the latest scan must have passed the gate under the server's current <c>scanGate</c> policy
/// against the vulnerability database as it is now (<see cref="ScanVerdictFreshness"/>). A verdict from an older
/// database or another policy is stale: a re-scan is queued and the job refused until it finishes (fail closed,
/// never "it passed yesterday").
/// </summary>
internal sealed class AlgorithmTrainingImages(MarketplaceStore marketplace, IRegistryImages images, ScanVerdictFreshness freshness)
{
    /// <summary>The algorithm and its training image, or why a training job cannot use it (a ValidationException message).</summary>
    public async Task<(JsonObject? Algorithm, ResolvedImage? Image, string? Refusal)> ResolveAsync(string nameOrArn, CancellationToken ct)
    {
        var algorithm = await marketplace.GetAsync(MarketplaceStore.Algorithm, nameOrArn, ct).ConfigureAwait(false);
        if (algorithm is null)
        {
            return (null, null, $"Algorithm {nameOrArn} does not exist.");
        }

        var arn = InputValues.GetString(algorithm["AlgorithmArn"]) ?? nameOrArn;
        var status = InputValues.GetString(algorithm["AlgorithmStatus"]) ?? "Pending";
        if (status != "Completed")
        {
            var why = algorithm["AlgorithmStatusDetails"]?["ImageScanStatuses"]?[0]?["FailureReason"] is { } reason ? ": " + InputValues.GetString(reason) : ".";
            return (algorithm, null, $"Algorithm {arn} is {status}, not Completed, and cannot be used for training{why}");
        }

        var training = algorithm["TrainingSpecification"] as JsonObject;
        var digest = InputValues.GetString(training?["TrainingImageDigest"]);
        var pinned = AlgorithmValidator.PinnedImages(algorithm).FirstOrDefault(u => digest is not null && u.EndsWith("@" + digest, StringComparison.Ordinal));
        var image = pinned is null ? null : await images.ResolveAsync(pinned, ct).ConfigureAwait(false);
        if (image is null)
        {
            return (algorithm, null, $"Algorithm {arn}: its training image {pinned ?? InputValues.GetString(training?["TrainingImage"])} is no longer in the registry.");
        }

        return (algorithm, image, await RefusalAsync(arn, image, ct).ConfigureAwait(false));
    }

    /// <summary>Null when the image's latest scan passed the current gate against the current database.</summary>
    private async Task<string?> RefusalAsync(string arn, ResolvedImage image, CancellationToken ct)
    {
        var uri = image.PinnedUri;
        var gate = await images.GetGateStatusAsync(image, ct).ConfigureAwait(false);
        switch (gate.State)
        {
            case ImageGateState.Blocked:
                return $"Algorithm {arn}: training image {uri} is blocked by the scan gate ({gate.Policy}): {gate.Reason} An operator must act before new training jobs can use it.";
            case ImageGateState.Pending:
                return $"Algorithm {arn}: training image {uri} is being scanned; retry when the scan has completed.";
            case ImageGateState.Unknown:
                return $"Algorithm {arn}: training image {uri} has no scan verdict ({gate.Reason}).";
        }

        var stale = await freshness.StaleReasonAsync(image, ct).ConfigureAwait(false);
        return stale is null
            ? null
            : $"Algorithm {arn}: training image {uri} must be re-evaluated: {stale}. A re-scan is queued; retry when DescribeAlgorithm shows Completed again.";
    }
}
