using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>Marketplace events (ids 4980-4999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4980, Level = LogLevel.Information, Message = "Marketplace {Kind} {Name} is {Status}: {Reason}")]
    public static partial void ResourceValidated(ILogger logger, string kind, string name, string status, string reason);
}
