using Microsoft.Extensions.Logging;

namespace SageKeep.Runtime.Vpc;

internal static partial class Log
{
    [LoggerMessage(EventId = 6200, Level = LogLevel.Debug, Message = "VPC {VpcId} applied with {Interfaces} interfaces")]
    public static partial void VpcApplied(ILogger logger, string vpcId, int interfaces);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Removed orphaned network namespace {Namespace}")]
    public static partial void OrphanRemoved(ILogger logger, string @namespace);
}
