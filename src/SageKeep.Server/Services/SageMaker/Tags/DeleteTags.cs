using System.Text.Json.Nodes;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Tags;

/// <summary><c>sagemaker:DeleteTags</c>: removes the named keys (keys the resource does not carry are ignored).</summary>
internal sealed class DeleteTags(SageMakerTagStore tags, TaggedResource resources) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DeleteTags";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var keys = Keys(context.Input);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:DeleteTags", InputValues.GetString(context.Input["ResourceArn"]) ?? "*") with
        {
            ContextKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["aws:TagKeys"] = keys },
        });
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arn = InputValues.GetString(context.Input["ResourceArn"])!;
        var keys = Keys(context.Input);
        if (TagRules.CheckKeys(keys) is { } invalid)
        {
            return OperationResult.Fail(invalid);
        }

        if (!await resources.ExistsAsync(arn, ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(TagRules.NotFound(arn));
        }

        await tags.DeleteAsync(arn, keys, ct).ConfigureAwait(false);
        return OperationResult.Ok();
    }

    private static List<string> Keys(JsonObject input) =>
        [.. (input["TagKeys"] as JsonArray ?? []).Select(k => InputValues.GetString(k) ?? string.Empty).Distinct(StringComparer.Ordinal)];
}
