using Microsoft.Extensions.Logging;

namespace SageKeep.Runtime.Serving;

internal static partial class Log
{
    [LoggerMessage(EventId = 6300, Level = LogLevel.Information, Message = "Serving instance {InstanceId} of endpoint {Endpoint} is healthy")]
    public static partial void InstanceHealthy(ILogger logger, string instanceId, string endpoint);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Warning, Message = "Serving instance {InstanceId} of endpoint {Endpoint} failed to start: {Reason}")]
    public static partial void InstanceFailed(ILogger logger, string instanceId, string endpoint, string reason);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Warning, Message = "Cleanup of serving instance {RunId} left {What}")]
    public static partial void CleanupIncomplete(ILogger logger, string runId, string what);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning, Message = "The log sink failed for serving instance {InstanceId}")]
    public static partial void SinkFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Information, Message = "Removed orphan serving instance {RunId}")]
    public static partial void OrphanRemoved(ILogger logger, string runId);

    [LoggerMessage(EventId = 6309, Level = LogLevel.Warning, Message = "The VPC network interface of a serving instance of endpoint {EndpointName} could not be released")]
    public static partial void NetworkReleaseFailed(ILogger logger, Exception exception, string endpointName);
}
