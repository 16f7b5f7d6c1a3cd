using System.Runtime.Versioning;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Services.SageMaker.TrainingJobs;

namespace SageKeep.Server.Services.Logs;

/// <summary>CloudWatch Logs' errors and ARNs for the one log group this server has (training job output).</summary>
[SupportedOSPlatform("linux")]
internal static class LogsErrors
{
    public static AwsError? CheckGroup(string? group) =>
        group == TrainingJobService.LogGroup ? null : AwsError.Sender("ResourceNotFoundException", "The specified log group does not exist.");

    public static AwsError StreamNotFound { get; } = AwsError.Sender("ResourceNotFoundException", "The specified log stream does not exist.");

    public static string GroupArn(AwsAccount account) => $"arn:aws:logs:{account.Region}:{account.AccountId}:log-group:{TrainingJobService.LogGroup}";

    public static string StreamArn(AwsAccount account, string stream) => $"{GroupArn(account)}:log-stream:{stream}";
}
