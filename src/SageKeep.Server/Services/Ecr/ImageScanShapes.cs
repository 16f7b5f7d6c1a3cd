using System.Text.Json.Nodes;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary>ECR's scan shapes from a stored <see cref="ScanRecord"/> (basic scanning: ImageScanStatus, ImageScanFindingsSummary).</summary>
internal static class ImageScanShapes
{
    /// <summary>
    /// ECR's imageScanStatus; a completed scan's description also carries the marketplace gate's verdict and the
    /// policy that decided it (level, ignore file and VEX documents with their digests), as recorded with the scan.
    /// </summary>
    public static JsonObject Status(ScanRecord scan) => new()
    {
        ["status"] = scan.Status,
        ["description"] = scan.Status == ScanStatuses.Complete && scan.GatePolicy is { } policy
            ? $"{scan.Description} Marketplace scan gate ({policy}): {scan.GateReason}"
            : scan.Description,
    };

    /// <summary>The summary when a completed scan's findings exist, else null (as ECR omits it).</summary>
    public static JsonObject? Summary(ScanRecord scan)
    {
        if (scan.FindingsJson is null || ScanDocument.Parse(scan.FindingsJson) is not { } document)
        {
            return null;
        }

        var summary = new JsonObject
        {
            ["imageScanCompletedAt"] = JsonValue.Create(scan.CompletedAt ?? scan.RequestedAt),
            ["findingSeverityCounts"] = document.Counts.DeepClone(),
        };
        if (document.SourceUpdatedAt is { } updated)
        {
            summary["vulnerabilitySourceUpdatedAt"] = JsonValue.Create(updated);
        }

        return summary;
    }
}
