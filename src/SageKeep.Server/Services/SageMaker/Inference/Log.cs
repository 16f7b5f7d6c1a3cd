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
}
