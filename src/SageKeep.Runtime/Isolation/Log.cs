using Microsoft.Extensions.Logging;

namespace SageKeep.Runtime.Isolation;

internal static partial class Log
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Debug, Message = "Prepared network namespace {Namespace} for run {RunId}")]
    public static partial void NetworkPrepared(ILogger logger, string runId, string @namespace);
}
