using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Storage;

/// <summary>State store log events (ids 1100-1199).</summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Information, "Applied schema migration {Version} ({Name})")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);
}
