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
        group == TrainingJobService.LogGroup || IsEndpointGroup(group) ? null : AwsError.Sender("ResourceNotFoundException", "The specified log group does not exist.");

    /// <summary>
    /// Where a group's streams are stored: training streams by their own name, endpoint streams (one group per endpoint,
    /// /aws/sagemaker/Endpoints/&lt;name&gt;) under "&lt;group&gt;/" so the two never collide (job names hold no '/').
    /// </summary>
    public static string StoragePrefix(string group) => group == TrainingJobService.LogGroup ? string.Empty : group + "/";

    private static bool IsEndpointGroup(string? group) =>
        group is not null && group.StartsWith(Services.SageMaker.Inference.EndpointService.LogGroupPrefix, StringComparison.Ordinal)
        && group.Length > Services.SageMaker.Inference.EndpointService.LogGroupPrefix.Length
        && !group.AsSpan(Services.SageMaker.Inference.EndpointService.LogGroupPrefix.Length).Contains('/');

    public static AwsError StreamNotFound { get; } = AwsError.Sender("ResourceNotFoundException", "The specified log stream does not exist.");

    public static string GroupArn(AwsAccount account) => $"arn:aws:logs:{account.Region}:{account.AccountId}:log-group:{TrainingJobService.LogGroup}";

    public static string StreamArn(AwsAccount account, string stream) => $"{GroupArn(account)}:log-stream:{stream}";
}
