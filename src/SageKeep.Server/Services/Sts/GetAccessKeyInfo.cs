using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Security.Credentials;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.Sts;

/// <summary>
/// <c>sts:GetAccessKeyInfo</c>: the account an access key belongs to. Long-term keys are looked up;
/// temporary <c>ASIA…</c> keys are only ever issued by this installation's STS, for its account. Allowed
/// unless explicitly denied, like the other read-only identity calls.
/// </summary>
internal sealed class GetAccessKeyInfo(ICredentialSource credentials, AwsAccount account) : IOperationHandler
{
    public string Service => "sts";

    public string Operation => "GetAccessKeyInfo";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sts:GetAccessKeyInfo", "*") with { AllowedUnlessDenied = true });

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var keyId = InputValues.GetString(context.Input["AccessKeyId"]) ?? string.Empty;
        if (!AccessKeyGenerator.IsWellFormedAccessKeyId(keyId))
        {
            return OperationResult.Fail(AwsError.Sender("ValidationError", "The access key ID is not well formed: 20 characters, AKIA or ASIA followed by 16 of A-Z and 2-7.", 400));
        }

        if (keyId.StartsWith("ASIA", StringComparison.Ordinal))
        {
            return OperationResult.Ok(new JsonObject { ["Account"] = account.AccountId });
        }

        var lookup = await credentials.FindAsync(keyId, ct).ConfigureAwait(false);
        return lookup is { Found: true, Principal: { } principal }
            ? OperationResult.Ok(new JsonObject { ["Account"] = principal.AccountId })
            : OperationResult.Fail(AwsError.Sender("ValidationError", "The access key ID was not issued by this installation.", 400));
    }
}
