using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Protocols;

/// <summary>Protocol layer events (ids 4100-4199). Nothing here carries headers, bodies, keys or signatures.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Error, Message = "Operation {Service}:{Operation} failed unexpectedly (request {RequestId})")]
    public static partial void HandlerFailed(ILogger logger, string service, string operation, string requestId, Exception exception);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "The protocol layer failed unexpectedly (request {RequestId})")]
    public static partial void EndpointFailed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Refused request {RequestId} ({Protocol}) with {Code} {Status}")]
    public static partial void Refused(ILogger logger, string requestId, ProtocolKind protocol, string code, int status);
}
