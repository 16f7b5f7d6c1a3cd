using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols.Validation;
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

    public static AwsError InvalidParameter(string message) => AwsError.Sender("InvalidParameterException", message);

    /// <summary>logGroupName, or logGroupIdentifier (a name or the group's ARN, with or without the trailing ":*").</summary>
    public static string? GroupName(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (InputValues.GetString(input["logGroupName"]) is { } name)
        {
            return name;
        }

        var identifier = InputValues.GetString(input["logGroupIdentifier"]);
        if (identifier is not null && identifier.StartsWith("arn:", StringComparison.Ordinal))
        {
            var marker = identifier.IndexOf(":log-group:", StringComparison.Ordinal);
            identifier = marker < 0 ? null : identifier[(marker + ":log-group:".Length)..];
            if (identifier is not null && identifier.EndsWith(":*", StringComparison.Ordinal))
            {
                identifier = identifier[..^2];
            }
        }

        return identifier;
    }

    /// <summary>The ARN of <paramref name="group"/> when it is a group this server has, else of the training group.</summary>
    public static string GroupArn(AwsAccount account, string? group = null) =>
        $"arn:aws:logs:{account.Region}:{account.AccountId}:log-group:{(group is not null && CheckGroup(group) is null ? group : TrainingJobService.LogGroup)}";

    public static string StreamArn(AwsAccount account, string stream, string? group = null) => $"{GroupArn(account, group)}:log-stream:{stream}";
}
