using Microsoft.Extensions.Logging;

namespace SageKeep.Runtime.Jobs;

internal static partial class Log
{
    [LoggerMessage(EventId = 6200, Level = LogLevel.Information, Message = "Training job {JobName} (run {RunId}) entered {State}")]
    public static partial void Transition(ILogger logger, string jobName, string runId, TrainingJobState state);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Error, Message = "Training job {JobName} (run {RunId}) failed inside the runtime")]
    public static partial void RunFailed(ILogger logger, Exception exception, string jobName, string runId);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "A status or log sink failed for training job {JobName} (run {RunId})")]
    public static partial void SinkFailed(ILogger logger, Exception exception, string jobName, string runId);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "Cleanup of run {RunId} left {What}")]
    public static partial void CleanupIncomplete(ILogger logger, string runId, string what);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Information, Message = "Reconciliation removed orphan run {RunId}")]
    public static partial void OrphanRemoved(ILogger logger, string runId);
}
