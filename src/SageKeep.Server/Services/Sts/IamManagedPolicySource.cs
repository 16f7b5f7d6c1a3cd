using SageKeep.Server.Authorization;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Sts;

/// <summary>Managed session policies (AssumeRole's PolicyArns) read from the IAM store at request time.</summary>
internal sealed class IamManagedPolicySource(IamStore iam) : IManagedPolicySource
{
    public async ValueTask<string?> GetDefaultDocumentAsync(string policyArn, CancellationToken ct)
    {
        var policy = await iam.GetPolicyAsync(policyArn, ct).ConfigureAwait(false);
        if (policy.Value is not { } found)
        {
            return null;
        }

        var version = await iam.GetPolicyVersionAsync(policyArn, found.DefaultVersionId, ct).ConfigureAwait(false);
        return version.Value?.Document;
    }
}
