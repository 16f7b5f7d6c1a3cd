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
/// <c>logs:GetLogEvents</c> on a training job's stream, as CloudWatch Logs pages it: without a token, startFromHead
/// false (the default) answers the newest events and true the oldest; "f/&lt;seq&gt;" continues forward after a sequence
/// and "b/&lt;seq&gt;" backward before one. At either end the token handed back is the one given, which is how clients
/// (and <c>aws logs get-log-events</c> loops) know to stop; startTime/endTime bound the events of every page.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class GetLogEvents(TrainingJobStore store, AwsAccount account) : IOperationHandler
{
    private const int MaxEvents = 10000;

    public string Service => "logs";

    public string Operation => "GetLogEvents";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("logs:GetLogEvents", LogsErrors.StreamArn(account, InputValues.GetString(context.Input["logStreamName"]) ?? "*", LogsErrors.GroupName(context.Input))));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        if (LogsErrors.CheckGroup(LogsErrors.GroupName(input)) is { } error)
        {
            return OperationResult.Fail(error);
        }

        var stream = LogsErrors.StoragePrefix(InputValues.GetString(input["logGroupName"])!) + InputValues.GetString(input["logStreamName"])!;
        var fromHead = input["startFromHead"]?.GetValue<bool>() ?? false;
        var forward = fromHead;
        long? position = null;
        if (InputValues.GetString(input["nextToken"]) is { } token)
        {
            if (!TryParseToken(token, out forward, out var at))
            {
                return OperationResult.Fail(LogsErrors.InvalidParameter("The specified nextToken is invalid."));
            }

            position = at;
        }

        var limit = InputValues.TryGetInt64(input["limit"], out var l) && l is > 0 and <= MaxEvents ? (int)l : MaxEvents;
        var start = InputValues.TryGetInt64(input["startTime"], out var s) ? s : long.MinValue;
        var end = InputValues.TryGetInt64(input["endTime"], out var e) ? e : long.MaxValue;
        if (position is null && !await store.LogStreamExistsAsync(stream, ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(LogsErrors.StreamNotFound);
        }

        // Forward pages start after the token's sequence; backward pages (and the default tail) end before it.
        var events = forward
            ? await store.ReadStreamPageAsync(stream, position ?? 0, long.MaxValue, start, end, limit, fromTail: false, ct).ConfigureAwait(false)
            : await store.ReadStreamPageAsync(stream, 0, position ?? long.MaxValue, start, end, limit, fromTail: true, ct).ConfigureAwait(false);
        string nextForward, nextBackward;
        if (events.Count > 0)
        {
            nextForward = Token('f', events[^1].Seq);
            nextBackward = Token('b', events[0].Seq);
        }
        else
        {
            // Nothing (more) in this direction: hand the same position back.
            var here = position ?? (forward ? 0 : long.MaxValue);
            nextForward = Token('f', forward ? here : Math.Max(0, here == long.MaxValue ? 0 : here - 1));
            nextBackward = Token('b', forward && here < long.MaxValue ? here + 1 : here);
        }

        return OperationResult.Ok(new JsonObject
        {
            ["events"] = new JsonArray([.. events.Select(v => (JsonNode)new JsonObject
            {
                ["timestamp"] = v.Timestamp,
                ["message"] = v.Message,
                ["ingestionTime"] = v.Ingestion,
            })]),
            ["nextForwardToken"] = nextForward,
            ["nextBackwardToken"] = nextBackward,
        });
    }

    private static string Token(char direction, long seq) => direction + "/" + seq.ToString("D19", CultureInfo.InvariantCulture);

    private static bool TryParseToken(string token, out bool forward, out long seq)
    {
        forward = token.StartsWith("f/", StringComparison.Ordinal);
        seq = 0;
        return (forward || token.StartsWith("b/", StringComparison.Ordinal))
            && long.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out seq);
    }
}
