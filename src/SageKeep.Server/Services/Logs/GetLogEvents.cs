using System.Runtime.Versioning;
using System.Globalization;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.SageMaker.TrainingJobs;

namespace SageKeep.Server.Services.Logs;

/// <summary>
/// <c>logs:GetLogEvents</c> on a training job's stream: events from the head (or after nextForwardToken), within
/// startTime/endTime, up to limit; tokens are "f/&lt;sequence&gt;" so a caller polls for new lines with the forward token.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class GetLogEvents(TrainingJobStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "logs";

    public string Operation => "GetLogEvents";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("logs:GetLogEvents", LogsErrors.StreamArn(account, InputValues.GetString(context.Input["logStreamName"]) ?? "*")));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        if (LogsErrors.CheckGroup(InputValues.GetString(input["logGroupName"])) is { } error)
        {
            return OperationResult.Fail(error);
        }

        var stream = LogsErrors.StoragePrefix(InputValues.GetString(input["logGroupName"])!) + InputValues.GetString(input["logStreamName"])!;
        long after = 0;
        if (InputValues.GetString(input["nextToken"]) is { } token
            && !(token.StartsWith("f/", StringComparison.Ordinal) || token.StartsWith("b/", StringComparison.Ordinal)
                 ? long.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out after)
                 : false))
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "The specified nextToken is invalid."));
        }

        var limit = InputValues.TryGetInt64(input["limit"], out var l) && l is > 0 and <= 10000 ? (int)l : 10000;
        var events = await store.ReadLogEventsAsync(stream, null, after, limit, ct).ConfigureAwait(false);
        if (after == 0 && events.Count == 0 && !(await store.ListLogStreamsAsync(ct).ConfigureAwait(false)).Exists(s => s.Stream == stream))
        {
            return OperationResult.Fail(LogsErrors.StreamNotFound);
        }

        var start = InputValues.TryGetInt64(input["startTime"], out var s) ? s : long.MinValue;
        var end = InputValues.TryGetInt64(input["endTime"], out var e) ? e : long.MaxValue;
        var last = events.Count > 0 ? events[^1].Seq : after;
        return OperationResult.Ok(new JsonObject
        {
            ["events"] = new JsonArray([.. events.Where(v => v.Timestamp >= start && v.Timestamp < end).Select(v => (JsonNode)new JsonObject
            {
                ["timestamp"] = v.Timestamp,
                ["message"] = v.Message,
                ["ingestionTime"] = v.Ingestion,
            })]),
            ["nextForwardToken"] = "f/" + last.ToString(CultureInfo.InvariantCulture),
            ["nextBackwardToken"] = "b/" + after.ToString(CultureInfo.InvariantCulture),
        });
    }
}
