namespace SageKeep.Server.Authorization;

/// <summary>The managed-policy source until IAM registers its store: no managed policy exists.</summary>
internal sealed class NoManagedPolicies : IManagedPolicySource
{
    public ValueTask<string?> GetDefaultDocumentAsync(string policyArn, CancellationToken ct) => ValueTask.FromResult<string?>(null);
}
