using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Sts;

/// <summary>
/// <c>sts:GetCallerIdentity</c>: who signed this request. AWS requires no permission for it and an
/// explicit deny does not block it, so it answers for every authenticated principal.
/// </summary>
internal sealed class GetCallerIdentity : IOperationHandler
{
    public string Service => "sts";

    public string Operation => "GetCallerIdentity";

    /// <summary>AWS answers GetCallerIdentity without any permission; even an explicit deny does not block it.</summary>
    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.Unrestricted("sts:GetCallerIdentity"));

    public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var principal = context.Principal;
        return ValueTask.FromResult(OperationResult.Ok(new()
        {
            ["UserId"] = principal.UserId,
            ["Account"] = principal.AccountId,
            ["Arn"] = principal.Arn,
        }));
    }
}
