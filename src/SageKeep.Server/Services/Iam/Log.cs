using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Services.Iam;

/// <summary>IAM events (ids 4200-4299). Names, ARNs and key ids only: never a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Created access key {AccessKeyId} for {Arn}")]
    public static partial void AccessKeyCreated(ILogger logger, string accessKeyId, string arn);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Could not record the last use of access key {AccessKeyId}")]
    public static partial void AccessKeyUseNotRecorded(ILogger logger, string accessKeyId, Exception exception);
}
