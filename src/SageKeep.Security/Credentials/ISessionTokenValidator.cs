namespace SageKeep.Security.Credentials;

/// <summary>
/// Checks that a session token belongs to a temporary (<c>ASIA…</c>) access key, is authentic and
/// has not expired. STS provides the real implementation.
/// </summary>
public interface ISessionTokenValidator
{
    ValueTask<SessionTokenValidation> ValidateAsync(string accessKeyId, string sessionToken, DateTimeOffset now, CancellationToken ct);
}
