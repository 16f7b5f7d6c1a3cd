using System.Text.Json.Nodes;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Tags;

/// <summary>
/// <c>sagemaker:AddTags</c> on any SageMaker resource of this server by ARN: adds or overwrites tags, at most
/// <see cref="TagRules.MaxTagsPerResource"/> per resource (nothing changes when the result would exceed it).
/// </summary>
internal sealed class AddTags(SageMakerTagStore tags, TaggedResource resources) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "AddTags";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:AddTags", InputValues.GetString(context.Input["ResourceArn"]) ?? "*") with
        {
            RequestTags = TagRules.Read(context.Input),
        });
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arn = InputValues.GetString(context.Input["ResourceArn"])!;
        var added = TagRules.Read(context.Input) ?? [];
        if (TagRules.CheckKeys(added.Keys) is { } invalid)
        {
            return OperationResult.Fail(invalid);
        }

        if (!await resources.ExistsAsync(arn, ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(TagRules.NotFound(arn));
        }

        return await tags.AddAsync(arn, added, TagRules.MaxTagsPerResource, ct).ConfigureAwait(false)
            ? OperationResult.Ok(new JsonObject { ["Tags"] = context.Input["Tags"]?.DeepClone() })
            : OperationResult.Fail(TagRules.TooMany());
    }
}
