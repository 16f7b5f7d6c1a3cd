namespace SageKeep.Security.Credentials;

/// <summary>
/// Looks up access keys for request signing. IAM keys (<c>AKIA…</c>) and STS temporary keys
/// (<c>ASIA…</c>) both come through here; the key store behind it is shared with IAM.
/// </summary>
public interface ICredentialSource
{
    ValueTask<CredentialLookup> FindAsync(string accessKeyId, CancellationToken ct);
}
