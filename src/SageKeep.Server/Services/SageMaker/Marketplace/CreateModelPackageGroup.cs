using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.SageMaker.Tags;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary><c>sagemaker:CreateModelPackageGroup</c> on the group's ARN: a group holds versioned model packages and is Completed at once.</summary>
internal sealed class CreateModelPackageGroup(MarketplaceStore store, AwsAccount account, TimeProvider time) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "CreateModelPackageGroup";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:CreateModelPackageGroup", ModelPackageNames.GroupArn(account, InputValues.GetString(context.Input["ModelPackageGroupName"]) ?? "*")) with
        {
            RequestTags = TagRules.Read(context.Input),
        });
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (TagRules.CheckCreate(TagRules.Read(context.Input)) is { } invalidTags)
        {
            return OperationResult.Fail(invalidTags);
        }

        var name = InputValues.GetString(context.Input["ModelPackageGroupName"])!;
        var arn = ModelPackageNames.GroupArn(account, name);
        var created = MarketplaceShapes.Now(time);
        var document = MarketplaceShapes.Pick(context.Input, "ModelPackageGroupName", "ModelPackageGroupDescription");
        document["ModelPackageGroupArn"] = arn;
        document["CreationTime"] = JsonValue.Create(created);
        document["CreatedBy"] = MarketplaceShapes.UserContext(context.Principal);
        document["ModelPackageGroupStatus"] = "Completed";
        if (await ModelPackageNames.FindGroupAsync(store, name, ct).ConfigureAwait(false) is not null
            || !await store.AddAsync(MarketplaceStore.ModelPackageGroup, name, arn, "Completed", created, document, TagRules.Read(context.Input), ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, $"Model Package Group already exists: {arn}"));
        }

        return OperationResult.Ok(new JsonObject { ["ModelPackageGroupArn"] = arn });
    }

    internal static AwsError NotFound(ProtocolKind protocol, AwsAccount account, string nameOrArn) =>
        ProtocolErrors.Validation(protocol, $"ModelPackageGroup {(nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn : ModelPackageNames.GroupArn(account, nameOrArn))} does not exist.");
}
