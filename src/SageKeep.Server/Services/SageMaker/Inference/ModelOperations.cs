using System.Runtime.Versioning;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary><c>sagemaker:DescribeModel</c>: the stored model without the platform's members.</summary>
[SupportedOSPlatform("linux")]
internal sealed class DescribeModel(InferenceStore store, AwsAccount account) : DescribeInferenceResource(store, account, InferenceStore.Model, "Model");

/// <summary><c>sagemaker:ListModels</c>: NameContains, creation time bounds, SortBy Name|CreationTime, SortOrder, paging.</summary>
[SupportedOSPlatform("linux")]
internal sealed class ListModels(InferenceStore store) : ListInferenceResources(store, InferenceStore.Model, "Model", null, "ModelName", "ModelArn", "CreationTime");

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
