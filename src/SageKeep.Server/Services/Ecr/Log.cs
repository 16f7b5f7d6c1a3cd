using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Services.Ecr;

/// <summary>ECR API events (ids 4950-4979). ARNs and key ids only: never a registry token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4950, Level = LogLevel.Information, Message = "Issued a registry token for {Arn} (key {AccessKeyId}), expiring {Expiration:O}")]
    public static partial void TokenIssued(ILogger logger, string arn, string accessKeyId, DateTimeOffset expiration);

    [LoggerMessage(EventId = 4951, Level = LogLevel.Information, Message = "Repository {Name} {Change}")]
    public static partial void RepositoryChanged(ILogger logger, string name, string change);
}
