using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Registry;

/// <summary>Registry events (ids 4900-4949). Never a token, an Authorization header or a body.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4900, Level = LogLevel.Information, Message = "Registry {Method} {Event} {Repository} answered {Status} {Code} (request {RequestId})")]
    public static partial void Answered(ILogger logger, string method, string @event, string repository, int status, string code, string requestId);

    [LoggerMessage(EventId = 4901, Level = LogLevel.Information, Message = "Stored manifest {Digest} in {Repository} (tag {Tag})")]
    public static partial void ManifestStored(ILogger logger, string repository, string digest, string tag);

    [LoggerMessage(EventId = 4902, Level = LogLevel.Warning, Message = "Recording the audit record of request {RequestId} failed")]
    public static partial void AuditFailed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(EventId = 4903, Level = LogLevel.Information, Message = "Scan of {Repository}@{Digest} ended {Status}: {Description}")]
    public static partial void ScanEnded(ILogger logger, string repository, string digest, string status, string description);

    [LoggerMessage(EventId = 4904, Level = LogLevel.Error, Message = "Scan of {Repository}@{Digest} failed unexpectedly")]
    public static partial void ScanCrashed(ILogger logger, string repository, string digest, Exception exception);

    [LoggerMessage(EventId = 4905, Level = LogLevel.Information, Message = "The vulnerability database changed ({Stamp}): re-evaluating {Count} stored images")]
    public static partial void Reevaluating(ILogger logger, string stamp, int count);

    [LoggerMessage(EventId = 4906, Level = LogLevel.Error, Message = "The registry failed unexpectedly (request {RequestId})")]
    public static partial void Failed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(EventId = 4907, Level = LogLevel.Warning, Message = "Checking the vulnerability database for changes failed; trying again at the next poll")]
    public static partial void WatcherFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4908, Level = LogLevel.Error, Message = "Queuing the scans left in progress by the previous run failed")]
    public static partial void ResumeFailed(ILogger logger, Exception exception);
}
