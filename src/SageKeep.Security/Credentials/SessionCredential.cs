using SageKeep.Core.Identity;

namespace SageKeep.Security.Credentials;

/// <summary>
/// What a valid session token carries for signature verification: the temporary key's secret and the
/// identity it acts as (<see cref="PrincipalInfo.AccessKeyId"/> is the temporary <c>ASIA…</c> key).
/// The secret never appears in <see cref="ToString"/>.
/// </summary>
/// <param name="SecretAccessKey">The temporary secret access key. Never log it.</param>
/// <param name="Principal">The identity the session acts as.</param>
/// <param name="SourceAccessKeyId">The long-term key that requested the session.</param>
public sealed record SessionCredential(string SecretAccessKey, PrincipalInfo Principal, string SourceAccessKeyId)
{
    /// <summary>For assumed-role sessions: role, session name, session policies, tags.</summary>
    public RoleSession? Role { get; init; }

    public override string ToString() =>
        $"SessionCredential {{ Principal = {Principal}, SourceAccessKeyId = {SourceAccessKeyId}, SecretAccessKey = *** }}";
}
