namespace SageKeep.Server.Authorization;

/// <summary>
/// The default version's document of a managed policy, by ARN: session policies passed to AssumeRole as
/// <c>PolicyArns</c> are read at request time, so a changed policy takes effect on existing sessions.
/// </summary>
internal interface IManagedPolicySource
{
    /// <summary>The policy JSON, or null when no such policy exists (it then allows nothing).</summary>
    ValueTask<string?> GetDefaultDocumentAsync(string policyArn, CancellationToken ct);
}
