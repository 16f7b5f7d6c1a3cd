using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Services.Sts;

/// <summary>STS events (ids 4300-4399). Key ids and ARNs only: never a secret or a session token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Issued session credentials {AccessKeyId} for {Arn} (requested with {SourceAccessKeyId}), expiring {Expiration:O}")]
    public static partial void SessionTokenIssued(ILogger logger, string accessKeyId, string arn, string sourceAccessKeyId, DateTimeOffset expiration);
}
