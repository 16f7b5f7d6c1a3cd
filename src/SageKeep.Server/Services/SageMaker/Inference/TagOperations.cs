using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>The tags of a model, endpoint configuration or endpoint, by ARN (AddTags, ListTags, DeleteTags).</summary>
[SupportedOSPlatform("linux")]
internal static class InferenceTags
{
    /// <summary>SageMaker's limit of tags on one resource.</summary>
    public const int MaxTags = 50;

    public static AwsError NotFound(string arn) => AwsError.Sender("ResourceNotFound", $"Resource {arn} does not exist or is not a model, endpoint configuration or endpoint of this server.");

    public static Dictionary<string, string> Read(JsonObject document) =>
        (document[InferenceStore.TagsMember] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(t => InputValues.GetString(t["Key"]) ?? string.Empty, t => InputValues.GetString(t["Value"]) ?? string.Empty, StringComparer.Ordinal);
}

/// <summary><c>sagemaker:AddTags</c>: adds or overwrites tags (at most <see cref="InferenceTags.MaxTags"/> per resource).</summary>
[SupportedOSPlatform("linux")]
internal sealed class AddTags(InferenceStore store) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "AddTags";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:AddTags", InputValues.GetString(context?.Input["ResourceArn"]) ?? "*") with { RequestTags = InferenceInput.Tags(context!.Input) });

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arn = InputValues.GetString(context.Input["ResourceArn"])!;
        if (await store.FindByArnAsync(arn, ct).ConfigureAwait(false) is not { } found)
        {
            return OperationResult.Fail(InferenceTags.NotFound(arn));
        }

        var added = InferenceInput.Tags(context.Input) ?? [];
        var tooMany = false;
        await store.UpdateAsync(found.Kind, found.Name, d =>
        {
            var tags = InferenceTags.Read(d);
            foreach (var (key, value) in added)
            {
                tags[key] = value;
            }

            tooMany = tags.Count > InferenceTags.MaxTags;
            d[InferenceStore.TagsMember] = InferenceInput.TagArray(tags);
            return !tooMany;
        }, ct, statusMember: null).ConfigureAwait(false);
        return tooMany
            ? OperationResult.Fail(AwsError.Sender("ResourceLimitExceeded", $"A resource can have at most {InferenceTags.MaxTags} tags."))
            : OperationResult.Ok(new JsonObject { ["Tags"] = context.Input["Tags"]?.DeepClone() });
    }
}

/// <summary><c>sagemaker:ListTags</c>.</summary>
[SupportedOSPlatform("linux")]
internal sealed class ListTags(InferenceStore store) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "ListTags";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:ListTags", InputValues.GetString(context?.Input["ResourceArn"]) ?? "*"));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arn = InputValues.GetString(context.Input["ResourceArn"])!;
        if (await store.FindByArnAsync(arn, ct).ConfigureAwait(false) is not { } found
            || await store.GetAsync(found.Kind, found.Name, ct).ConfigureAwait(false) is not { } document)
        {
            return OperationResult.Fail(InferenceTags.NotFound(arn));
        }

        return OperationResult.Ok(new JsonObject { ["Tags"] = InferenceInput.TagArray(InferenceTags.Read(document)) });
    }
}

/// <summary><c>sagemaker:DeleteTags</c>: keys that are not present are ignored.</summary>
[SupportedOSPlatform("linux")]
internal sealed class DeleteTags(InferenceStore store) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DeleteTags";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:DeleteTags", InputValues.GetString(context?.Input["ResourceArn"]) ?? "*"));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arn = InputValues.GetString(context.Input["ResourceArn"])!;
        if (await store.FindByArnAsync(arn, ct).ConfigureAwait(false) is not { } found)
        {
            return OperationResult.Fail(InferenceTags.NotFound(arn));
        }

        var keys = (context.Input["TagKeys"] as JsonArray ?? []).Select(k => InputValues.GetString(k) ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        await store.UpdateAsync(found.Kind, found.Name, d =>
        {
            d[InferenceStore.TagsMember] = InferenceInput.TagArray(InferenceTags.Read(d).Where(t => !keys.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));
            return true;
        }, ct, statusMember: null).ConfigureAwait(false);
        return OperationResult.Ok();
    }
}
