using System.Text.Json.Nodes;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Tags;

/// <summary><c>sagemaker:ListTags</c>: the resource's tags ordered by key, MaxResults (default 50) per page with NextToken.</summary>
internal sealed class ListTags(SageMakerTagStore tags, TaggedResource resources) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "ListTags";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:ListTags", InputValues.GetString(context.Input["ResourceArn"]) ?? "*"));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arn = InputValues.GetString(context.Input["ResourceArn"])!;
        if (!PageTokens.TryRead(context.Input["NextToken"], out var offset))
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "The NextToken is not valid."));
        }

        if (!await resources.ExistsAsync(arn, ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(TagRules.NotFound(arn));
        }

        var all = await tags.GetAsync(arn, ct).ConfigureAwait(false);
        var page = all.Skip(offset).Take(PageTokens.Size(context.Input["MaxResults"], TagRules.MaxTagsPerResource)).ToList();
        var output = new JsonObject
        {
            ["Tags"] = new JsonArray([.. page.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]),
        };
        if (offset + page.Count < all.Count)
        {
            output["NextToken"] = PageTokens.For(offset + page.Count);
        }

        return OperationResult.Ok(output);
    }
}
