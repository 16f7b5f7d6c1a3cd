using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.SageMaker.TrainingJobs;

namespace SageKeep.Server.Services.Logs;

/// <summary><c>logs:DescribeLogStreams</c> of /aws/sagemaker/TrainingJobs: by name prefix, ordered by name or last event time.</summary>
[SupportedOSPlatform("linux")]
internal sealed class DescribeLogStreams(TrainingJobStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "logs";

    public string Operation => "DescribeLogStreams";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("logs:DescribeLogStreams", LogsErrors.GroupArn(account, LogsErrors.GroupName(context.Input)) + ":*"));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        if (LogsErrors.CheckGroup(InputValues.GetString(input["logGroupName"])) is { } error)
        {
            return OperationResult.Fail(error);
        }

        var storage = LogsErrors.StoragePrefix(InputValues.GetString(input["logGroupName"])!);
        var prefix = storage + (InputValues.GetString(input["logStreamNamePrefix"]) ?? string.Empty);
        var streams = (await store.ListLogStreamsAsync(ct).ConfigureAwait(false))
            .Where(s => s.Stream.StartsWith(prefix, StringComparison.Ordinal) && (storage.Length > 0 || !s.Stream.StartsWith('/')))
            .Select(s => s with { Stream = s.Stream[storage.Length..] })
            .ToList();
        if (InputValues.GetString(input["orderBy"]) == "LastEventTime")
        {
            streams = [.. streams.OrderBy(s => s.Last)];
        }

        if (input["descending"]?.GetValue<bool>() == true)
        {
            streams.Reverse();
        }

        var limit = InputValues.TryGetInt64(input["limit"], out var l) && l is > 0 and <= 50 ? (int)l : 50;
        return OperationResult.Ok(new JsonObject
        {
            ["logStreams"] = new JsonArray([.. streams.Take(limit).Select(s => (JsonNode)new JsonObject
            {
                ["logStreamName"] = s.Stream,
                ["creationTime"] = s.First,
                ["firstEventTimestamp"] = s.First,
                ["lastEventTimestamp"] = s.Last,
                ["lastIngestionTime"] = s.LastIngestion,
                ["arn"] = LogsErrors.StreamArn(account, s.Stream, InputValues.GetString(input["logGroupName"])),
                ["storedBytes"] = 0,
            })]),
        });
    }
}
