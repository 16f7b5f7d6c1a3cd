using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Audit;

/// <summary>Audit trail log events (ids 4400-4499).</summary>
internal static partial class Log
{
    [LoggerMessage(4400, LogLevel.Critical, "The audit trail could not be written; {Count} record(s) lost")]
    public static partial void WriteFailed(ILogger logger, int count, Exception exception);
}
