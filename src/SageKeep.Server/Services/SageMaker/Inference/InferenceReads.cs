using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>
/// <c>sagemaker:Describe&lt;Resource&gt;</c> for a model, endpoint configuration or endpoint: the stored document
/// without the platform's members, or SageMaker's ValidationException naming the missing resource's ARN.
/// </summary>
[SupportedOSPlatform("linux")]
internal abstract class DescribeInferenceResource(InferenceStore store, AwsAccount account, string kind, string resource) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "Describe" + resource;

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:" + Operation, InferenceArns.For(account, kind, InputValues.GetString(context?.Input[resource + "Name"]) ?? "*")));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input[resource + "Name"])!;
        var document = await store.GetAsync(kind, name, ct).ConfigureAwait(false);
        return document is null
            ? OperationResult.Fail(InferenceArns.NotFound(account, kind, name))
            : OperationResult.Ok(InferenceInput.Public(document));
    }
}

/// <summary>
/// <c>sagemaker:List&lt;Resource&gt;s</c>: NameContains, time bounds, StatusEquals where the resource has a status,
/// SortBy/SortOrder and paging (<see cref="InferenceInput.Page"/>); each summary carries <paramref name="summary"/>.
/// </summary>
[SupportedOSPlatform("linux")]
internal abstract class ListInferenceResources(InferenceStore store, string kind, string resource, string? statusMember, params string[] summary) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "List" + resource + "s";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:" + Operation, "*"));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var all = await store.ListAsync(kind, ct).ConfigureAwait(false);
        if (InferenceInput.Page(all, context.Input, resource + "Name", statusMember, out var error) is not { } page)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, error!));
        }

        var output = new JsonObject
        {
            [resource + "s"] = new JsonArray([.. page.Page.Select(d =>
            {
                var item = new JsonObject();
                foreach (var member in summary)
                {
                    item[member] = d[member]?.DeepClone();
                }

                return (JsonNode)item;
            })]),
        };
        if (page.NextToken is not null)
        {
            output["NextToken"] = page.NextToken;
        }

        return OperationResult.Ok(output);
    }
}
