using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.Ecr;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary><c>sagemaker:ListAlgorithms</c>: NameContains, creation-time bounds, SortBy Name|CreationTime, SortOrder, pagination.</summary>
internal sealed class ListAlgorithms(MarketplaceStore store) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "ListAlgorithms";

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        IEnumerable<JsonObject> all = await store.ListAsync(MarketplaceStore.Algorithm, ct).ConfigureAwait(false);
        if (InputValues.GetString(input["NameContains"]) is { } contains)
        {
            all = all.Where(a => InputValues.GetString(a["AlgorithmName"])!.Contains(contains, StringComparison.OrdinalIgnoreCase));
        }

        if (InputValues.TryGetTimestamp(input["CreationTimeAfter"], out var after))
        {
            all = all.Where(a => InputValues.TryGetTimestamp(a["CreationTime"], out var t) && t > after);
        }

        if (InputValues.TryGetTimestamp(input["CreationTimeBefore"], out var before))
        {
            all = all.Where(a => InputValues.TryGetTimestamp(a["CreationTime"], out var t) && t < before);
        }

        var byName = InputValues.GetString(input["SortBy"]) == "Name";
        var ordered = (byName
            ? all.OrderBy(a => InputValues.GetString(a["AlgorithmName"]), StringComparer.Ordinal)
            : all.OrderBy(a => InputValues.TryGetTimestamp(a["CreationTime"], out var t) ? t : default)).ToList();
        if (InputValues.GetString(input["SortOrder"]) != "Ascending")
        {
            ordered.Reverse();
        }

        if (!EcrShapes.TryReadPageToken(input["NextToken"], out var offset))
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "The NextToken is not valid."));
        }

        var size = EcrShapes.PageSize(input["MaxResults"], 10);
        var page = ordered.Skip(offset).Take(size).ToList();
        var output = new JsonObject
        {
            ["AlgorithmSummaryList"] = new JsonArray([.. page.Select(a => (JsonNode)new JsonObject
            {
                ["AlgorithmName"] = a["AlgorithmName"]?.DeepClone(),
                ["AlgorithmArn"] = a["AlgorithmArn"]?.DeepClone(),
                ["AlgorithmDescription"] = a["AlgorithmDescription"]?.DeepClone(),
                ["CreationTime"] = a["CreationTime"]?.DeepClone(),
                ["AlgorithmStatus"] = a["AlgorithmStatus"]?.DeepClone(),
            })]),
        };
        if (offset + page.Count < ordered.Count)
        {
            output["NextToken"] = EcrShapes.PageToken(offset + page.Count);
        }

        return OperationResult.Ok(output);
    }
}
