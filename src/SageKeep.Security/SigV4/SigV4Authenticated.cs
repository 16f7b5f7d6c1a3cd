using SageKeep.Core.Identity;
using SageKeep.Security.Credentials;

namespace SageKeep.Security.SigV4;

/// <summary>The authenticated caller and what the rest of the request must still honour.</summary>
/// <param name="Principal">The IAM identity of the key.</param>
/// <param name="AccessKeyId">The key that signed.</param>
/// <param name="IsTemporary">Signed with STS credentials (a session token was validated).</param>
/// <param name="SessionIssuedAt">When the session token was issued (temporary credentials only).</param>
/// <param name="MultiFactorAuthPresent">The session was created with MFA.</param>
/// <param name="IsPresigned">Authenticated by query parameters rather than the Authorization header.</param>
/// <param name="PayloadMode">How the body was covered by the signature.</param>
/// <param name="ExpectedPayloadSha256">For S3 with a deferred body: the signed SHA-256 the body must have.</param>
/// <param name="ChunkSigning">Signing context for aws-chunked bodies (streaming modes only).</param>
public sealed record SigV4Authenticated(
    PrincipalInfo Principal,
    string AccessKeyId,
    bool IsTemporary,
    DateTimeOffset? SessionIssuedAt,
    bool MultiFactorAuthPresent,
    bool IsPresigned,
    PayloadMode PayloadMode,
    string? ExpectedPayloadSha256,
    SigV4ChunkSigningContext? ChunkSigning)
{
    /// <summary>For assumed-role sessions: the role, session policies and tags the token carries.</summary>
    public RoleSession? Role { get; init; }
}
