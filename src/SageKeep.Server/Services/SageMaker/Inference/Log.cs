using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>Inference events (ids 5020-5039).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5020, Level = LogLevel.Warning, Message = "Endpoint {Name} could not be launched")]
    public static partial void LaunchFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Information, Message = "Endpoints recovered after start: {Removed} leftover instances removed")]
    public static partial void OrphansRemoved(ILogger logger, int removed);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Error, Message = "Endpoint recovery after start failed")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5023, Level = LogLevel.Warning, Message = "Invocation of endpoint {Name} could not reach its instance")]
    public static partial void InvocationFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 5024, Level = LogLevel.Warning, Message = "Instance {InstanceId} of endpoint {Name} is taken out of service: {Reason}")]
    public static partial void InstanceUnhealthy(ILogger logger, string instanceId, string name, string reason);

    [LoggerMessage(EventId = 5025, Level = LogLevel.Information, Message = "Instance {Failed} of endpoint {Name} was replaced by {Replacement}")]
    public static partial void InstanceReplaced(ILogger logger, string failed, string replacement, string name);

    [LoggerMessage(EventId = 5026, Level = LogLevel.Warning, Message = "A replacement instance of endpoint {Name} could not be started")]
    public static partial void ReplacementFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 5027, Level = LogLevel.Warning, Message = "Endpoint health checking failed")]
    public static partial void HealthCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5028, Level = LogLevel.Information, Message = "Endpoint {Name}: instance count of variant {Variant} changes from {From} to {To}")]
    public static partial void Scaling(ILogger logger, string name, string variant, int from, int to);
}
