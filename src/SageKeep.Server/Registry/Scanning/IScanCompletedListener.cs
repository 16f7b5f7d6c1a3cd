using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>Told about every finished scan (COMPLETE or FAILED): the marketplace validates its resources with it.</summary>
internal interface IScanCompletedListener
{
    Task OnScanCompletedAsync(ScanRecord scan, CancellationToken ct);
}
