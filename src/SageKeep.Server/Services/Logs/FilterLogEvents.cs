using System.Globalization;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.SageMaker.TrainingJobs;

namespace SageKeep.Server.Services.Logs;

/// <summary>
/// <c>logs:FilterLogEvents</c> over /aws/sagemaker/TrainingJobs: the events of all streams (or logStreamNames, or a
/// logStreamNamePrefix) interleaved in time order, within startTime/endTime, matching a plain-term
/// <see cref="LogFilterPattern"/>. Each call reads a bounded number of stored events; when it stops before the end it
/// answers a nextToken (possibly with no events, as CloudWatch Logs does), which the CLI's paginator follows.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class FilterLogEvents(TrainingJobStore store, AwsAccount account) : IOperationHandler
{
    private const int MaxEvents = 10000;
    private const int ScannedPerCall = 20000;
    private const int Batch = 1000;

    public string Service => "logs";

    public string Operation => "FilterLogEvents";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("logs:FilterLogEvents", LogsErrors.GroupArn(account, LogsErrors.GroupName(context.Input)) + ":*"));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var group = LogsErrors.GroupName(input);
        if (LogsErrors.CheckGroup(group) is { } error)
        {
            return OperationResult.Fail(error);
        }

        // Endpoint groups keep their streams under "<group>/"; training streams never start with '/'.
        var storage = LogsErrors.StoragePrefix(group!);
        var names = (input["logStreamNames"] as JsonArray)?.Select(InputValues.GetString).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var prefix = InputValues.GetString(input["logStreamNamePrefix"]);
        if (names is not null && prefix is not null)
        {
            return OperationResult.Fail(LogsErrors.InvalidParameter("logStreamNames and logStreamNamePrefix cannot both be specified."));
        }

        if (names is { Count: 0 or > 100 })
        {
            return OperationResult.Fail(LogsErrors.InvalidParameter("logStreamNames must name 1 to 100 log streams."));
        }

        if (LogFilterPattern.Parse(InputValues.GetString(input["filterPattern"]), out var patternError) is not { } pattern)
        {
            return OperationResult.Fail(LogsErrors.InvalidParameter(patternError!));
        }

        (long, string, long)? after = null;
        if (InputValues.GetString(input["nextToken"]) is { } token)
        {
            if (ParseToken(token) is not { } position)
            {
                return OperationResult.Fail(LogsErrors.InvalidParameter("The specified nextToken is invalid."));
            }

            after = position;
        }

        var limit = InputValues.TryGetInt64(input["limit"], out var l) && l is > 0 and <= MaxEvents ? (int)l : MaxEvents;
        var start = InputValues.TryGetInt64(input["startTime"], out var s) ? s : long.MinValue;
        var end = InputValues.TryGetInt64(input["endTime"], out var e) ? e : long.MaxValue;
        var matched = new JsonArray();
        var scanned = 0;
        var more = false;
        while (!more)
        {
            var batch = await store.ReadInTimeOrderAsync(
                names?.ConvertAll(n => storage + n), storage.Length == 0 ? prefix : storage + prefix, start, end, after, Batch, ct).ConfigureAwait(false);
            foreach (var item in batch)
            {
                after = (item.Timestamp, item.Stream, item.Seq);
                scanned++;
                if (storage.Length == 0 && item.Stream.StartsWith('/'))
                {
                    continue;
                }

                if (pattern.Matches(item.Message))
                {
                    matched.Add(new JsonObject
                    {
                        ["logStreamName"] = item.Stream[storage.Length..],
                        ["timestamp"] = item.Timestamp,
                        ["message"] = item.Message,
                        ["ingestionTime"] = item.Ingestion,
                        ["eventId"] = EventId(item),
                    });
                }

                // Stopped before the end: the token resumes after this event (the next page may turn out empty).
                if (matched.Count == limit || scanned == ScannedPerCall)
                {
                    more = true;
                    break;
                }
            }

            if (batch.Count < Batch)
            {
                break;
            }
        }

        var output = new JsonObject { ["events"] = matched };
        if (more && after is { } last)
        {
            output["nextToken"] = Token(last);
        }

        return OperationResult.Ok(output);
    }

    private static string EventId(StoredLogEvent item)
    {
        var stream = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.Stream)).AsSpan(0, 6));
        return string.Create(CultureInfo.InvariantCulture, $"{item.Timestamp:D15}{item.Seq:D12}{stream}");
    }

    private static string Token((long Timestamp, string Stream, long Seq) position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{position.Timestamp}/{position.Seq}/{position.Stream}")));

    private static (long, string, long)? ParseToken(string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('/', 3);
            return parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                ? (timestamp, parts[2], seq)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
