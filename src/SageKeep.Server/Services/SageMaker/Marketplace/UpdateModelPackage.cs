using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>
/// <c>sagemaker:UpdateModelPackage</c>: ModelApprovalStatus (versioned packages only) with ApprovalDescription,
/// customer metadata added or removed. A package that failed validation (its images failed the scan gate, also
/// after a database update) cannot be Approved: the failure reason is returned instead.
/// </summary>
internal sealed class UpdateModelPackage(MarketplaceStore store, AwsAccount account, TimeProvider time) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "UpdateModelPackage";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var keys = new Dictionary<string, IReadOnlyList<string>>();
        if (InputValues.GetString(context.Input["ModelApprovalStatus"]) is { } approval)
        {
            keys["sagemaker:ModelApprovalStatus"] = [approval];
        }

        var resource = ModelPackageNames.ResourceArn(account, InputValues.GetString(context.Input["ModelPackageArn"]) ?? "*");
        return ValueTask.FromResult(new AccessRequest("sagemaker:UpdateModelPackage", [resource]) { ContextKeys = keys });
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var given = InputValues.GetString(input["ModelPackageArn"])!;
        var document = await ModelPackageNames.FindAsync(store, given, ct).ConfigureAwait(false);
        if (document is null)
        {
            return OperationResult.Fail(DescribeModelPackage.NotFound(context.Protocol, account, given));
        }

        if (InputValues.GetString(input["ModelApprovalStatus"]) is { } approval)
        {
            if (document["ModelPackageVersion"] is null)
            {
                return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "ModelApprovalStatus can only be set for versioned model packages."));
            }

            if (approval == "Approved" && InputValues.GetString(document["ModelPackageStatus"]) == "Failed")
            {
                var reason = InputValues.GetString(document["ModelPackageStatusDetails"]?["ImageScanStatuses"]?[0]?["FailureReason"]) ?? "see DescribeModelPackage";
                return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, $"Model package {InputValues.GetString(document["ModelPackageArn"])} failed validation and cannot be approved: {reason}"));
            }

            document["ModelApprovalStatus"] = approval;
        }

        if (InputValues.GetString(input["ApprovalDescription"]) is { } description)
        {
            document["ApprovalDescription"] = description;
        }

        if (input["CustomerMetadataProperties"] is JsonObject added)
        {
            var properties = document["CustomerMetadataProperties"] as JsonObject ?? [];
            foreach (var (key, value) in added)
            {
                properties[key] = value?.DeepClone();
            }

            document["CustomerMetadataProperties"] = properties;
        }

        if (input["CustomerMetadataPropertiesToRemove"] is JsonArray removed && document["CustomerMetadataProperties"] is JsonObject existing)
        {
            foreach (var key in removed.Select(InputValues.GetString).OfType<string>())
            {
                existing.Remove(key);
            }
        }

        document["LastModifiedTime"] = JsonValue.Create(MarketplaceShapes.Now(time));
        document["LastModifiedBy"] = MarketplaceShapes.UserContext(context.Principal);
        await store.UpdateAsync(MarketplaceStore.ModelPackage, AlgorithmValidator.RowName(document), InputValues.GetString(document["ModelPackageStatus"])!, document, ct).ConfigureAwait(false);
        return OperationResult.Ok(new JsonObject { ["ModelPackageArn"] = document["ModelPackageArn"]?.DeepClone() });
    }
}
