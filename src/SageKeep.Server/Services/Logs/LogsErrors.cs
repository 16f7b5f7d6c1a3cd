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
        group == TrainingJobService.LogGroup ? null : AwsError.Sender("ResourceNotFoundException", "The specified log group does not exist.");

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

    public static string GroupArn(AwsAccount account) => $"arn:aws:logs:{account.Region}:{account.AccountId}:log-group:{TrainingJobService.LogGroup}";

    public static string StreamArn(AwsAccount account, string stream) => $"{GroupArn(account)}:log-stream:{stream}";
}
