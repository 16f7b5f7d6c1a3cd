using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Policies;

/// <summary>Actions on one managed policy: authorised on its ARN.</summary>
internal abstract class PolicyArnOperation(IamStore store) : IamOperation(store)
{
    protected static string PolicyArn(OperationContext context) => Required(context, "PolicyArn");

    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) => ValueTask.FromResult(PolicyArn(context));
}
