using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>Training job events (ids 5000-5019).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "Training job {Name} could not be launched")]
    public static partial void LaunchFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Training jobs reconciled: {Reattached} re-attached, {Dead} failed, {Orphans} orphans removed")]
    public static partial void Reconciled(ILogger logger, int reattached, int dead, int orphans);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Training jobs are not available on this host: {Reason}")]
    public static partial void RuntimeUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Training job {Name}: the model could not be uploaded")]
    public static partial void UploadFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Training job {Name}: its VPC network interfaces could not be removed")]
    public static partial void InterfacesNotRemoved(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Training job {Name}: its {Data} data moves through the VPC's S3 gateway endpoint from the job's agent network interface")]
    public static partial void DataThroughGateway(ILogger logger, string name, string data);
}
