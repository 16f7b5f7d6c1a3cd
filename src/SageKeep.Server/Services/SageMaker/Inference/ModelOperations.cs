using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary><c>sagemaker:DescribeModel</c>: the stored model without the platform's members.</summary>
[SupportedOSPlatform("linux")]
internal sealed class DescribeModel(InferenceStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DescribeModel";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:DescribeModel", InferenceArns.Model(account, InputValues.GetString(context?.Input["ModelName"]) ?? "*")));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["ModelName"])!;
        var document = await store.GetAsync(InferenceStore.Model, name, ct).ConfigureAwait(false);
        return document is null
            ? OperationResult.Fail(InferenceArns.NotFound(account, InferenceStore.Model, name))
            : OperationResult.Ok(InferenceInput.Public(document));
    }
}

/// <summary><c>sagemaker:ListModels</c>: NameContains, creation time bounds, SortBy Name|CreationTime, SortOrder, paging.</summary>
[SupportedOSPlatform("linux")]
internal sealed class ListModels(InferenceStore store) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "ListModels";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:ListModels", "*"));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var all = await store.ListAsync(InferenceStore.Model, ct).ConfigureAwait(false);
        if (InferenceInput.Page(all, context.Input, "ModelName", null, out var error) is not { } page)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, error!));
        }

        var output = new JsonObject
        {
            ["Models"] = new JsonArray([.. page.Page.Select(d => (JsonNode)new JsonObject
            {
                ["ModelName"] = d["ModelName"]?.DeepClone(),
                ["ModelArn"] = d["ModelArn"]?.DeepClone(),
                ["CreationTime"] = d["CreationTime"]?.DeepClone(),
            })]),
        };
        if (page.NextToken is not null)
        {
            output["NextToken"] = page.NextToken;
        }

        return OperationResult.Ok(output);
    }
}

/// <summary><c>sagemaker:DeleteModel</c>: removes the model; endpoints already running it keep running (as on SageMaker).</summary>
[SupportedOSPlatform("linux")]
internal sealed class DeleteModel(InferenceStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DeleteModel";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sagemaker:DeleteModel", InferenceArns.Model(account, InputValues.GetString(context?.Input["ModelName"]) ?? "*")));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["ModelName"])!;
        return await store.DeleteAsync(InferenceStore.Model, name, ct).ConfigureAwait(false)
            ? OperationResult.Ok()
            : OperationResult.Fail(InferenceArns.NotFound(account, InferenceStore.Model, name));
    }
}
