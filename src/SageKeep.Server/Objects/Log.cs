using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Objects;

/// <summary>Object store events (ids 1200-1299). Bucket names and counts only, never object contents.</summary>
internal static partial class Log
{
    [LoggerMessage(1200, LogLevel.Information, "Object store: removed {Count} orphaned temporary or unreferenced blob files")]
    public static partial void OrphansCollected(ILogger logger, int count);

    [LoggerMessage(1201, LogLevel.Information, "Object store: external S3-compatible endpoint {Endpoint}")]
    public static partial void ExternalStore(ILogger logger, string endpoint);
}
