using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// <c>sagemaker:ListTrainingJobs</c>: NameContains, StatusEquals, creation and last-modified time bounds,
/// SortBy Name|CreationTime|Status, SortOrder (default CreationTime Descending), NextToken/MaxResults.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ListTrainingJobs(TrainingJobStore store) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "ListTrainingJobs";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:ListTrainingJobs", "*"));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        IEnumerable<JsonObject> all = await store.ListAsync(ct).ConfigureAwait(false);
        if (InputValues.GetString(input["NameContains"]) is { } contains)
        {
            all = all.Where(j => Text(j, "TrainingJobName").Contains(contains, StringComparison.OrdinalIgnoreCase));
        }

        if (InputValues.GetString(input["StatusEquals"]) is { } status)
        {
            all = all.Where(j => Text(j, "TrainingJobStatus") == status);
        }

        all = Bound(all, input, "CreationTimeAfter", "CreationTime", after: true);
        all = Bound(all, input, "CreationTimeBefore", "CreationTime", after: false);
        all = Bound(all, input, "LastModifiedTimeAfter", "LastModifiedTime", after: true);
        all = Bound(all, input, "LastModifiedTimeBefore", "LastModifiedTime", after: false);
        var ordered = (InputValues.GetString(input["SortBy"]) switch
        {
            "Name" => all.OrderBy(j => Text(j, "TrainingJobName"), StringComparer.Ordinal),
            "Status" => all.OrderBy(j => Text(j, "TrainingJobStatus"), StringComparer.Ordinal),
            _ => all.OrderBy(j => Time(j, "CreationTime")),
        }).ToList();
        if (InputValues.GetString(input["SortOrder"]) != "Ascending")
        {
            ordered.Reverse();
        }

        if (!PageTokens.TryRead(input["NextToken"], out var offset))
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "The NextToken is not valid."));
        }

        var page = ordered.Skip(offset).Take(PageTokens.Size(input["MaxResults"], 10)).ToList();
        var output = new JsonObject
        {
            ["TrainingJobSummaries"] = new JsonArray([.. page.Select(j => (JsonNode)new JsonObject
            {
                ["TrainingJobName"] = j["TrainingJobName"]?.DeepClone(),
                ["TrainingJobArn"] = j["TrainingJobArn"]?.DeepClone(),
                ["CreationTime"] = j["CreationTime"]?.DeepClone(),
                ["TrainingEndTime"] = j["TrainingEndTime"]?.DeepClone(),
                ["LastModifiedTime"] = j["LastModifiedTime"]?.DeepClone(),
                ["TrainingJobStatus"] = j["TrainingJobStatus"]?.DeepClone(),
            })]),
        };
        if (offset + page.Count < ordered.Count)
        {
            output["NextToken"] = PageTokens.For(offset + page.Count);
        }

        return OperationResult.Ok(output);
    }

    private static string Text(JsonObject job, string member) => InputValues.GetString(job[member]) ?? string.Empty;

    private static DateTimeOffset Time(JsonObject job, string member) => InputValues.TryGetTimestamp(job[member], out var t) ? t : default;

    private static IEnumerable<JsonObject> Bound(IEnumerable<JsonObject> jobs, JsonObject input, string filter, string member, bool after) =>
        InputValues.TryGetTimestamp(input[filter], out var bound)
            ? jobs.Where(j => after ? Time(j, member) > bound : Time(j, member) < bound)
            : jobs;
}
