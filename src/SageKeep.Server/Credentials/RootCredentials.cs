using SageKeep.Security.Credentials;

namespace SageKeep.Server.Credentials;

/// <summary>
/// The account's root user, created at first start like MinIO's: its access key is taken from
/// <c>SAGEKEEP_ROOT_ACCESS_KEY_ID</c>/<c>SAGEKEEP_ROOT_SECRET_ACCESS_KEY</c> or generated, and a
/// generated secret is shown once on the console (never logged).
/// </summary>
internal static class RootCredentials
{
    public const string AccessKeyIdVariable = "SAGEKEEP_ROOT_ACCESS_KEY_ID";
    public const string SecretVariable = "SAGEKEEP_ROOT_SECRET_ACCESS_KEY";

    public static string RootArn(string accountId) => $"arn:aws:iam::{accountId}:root";

    /// <summary>
    /// Makes sure the root user has a key. Returns the generated key pair to show once, null when nothing
    /// new was generated, or an error line when the environment's key is malformed.
    /// </summary>
    public static async Task<(RootKey? Generated, string? Error)> EnsureAsync(
        AccessKeyStore keys, string accountId, IReadOnlyDictionary<string, string?> environment, CancellationToken ct)
    {
        var arn = RootArn(accountId);
        environment.TryGetValue(AccessKeyIdVariable, out var envKeyId);
        environment.TryGetValue(SecretVariable, out var envSecret);
        if (!string.IsNullOrEmpty(envKeyId) || !string.IsNullOrEmpty(envSecret))
        {
            if (string.IsNullOrEmpty(envKeyId) || string.IsNullOrEmpty(envSecret))
            {
                return (null, $"set both {AccessKeyIdVariable} and {SecretVariable}, or neither");
            }

            if (!AccessKeyGenerator.IsWellFormedAccessKeyId(envKeyId))
            {
                return (null, $"{AccessKeyIdVariable} must be 16 to 128 characters of A-Z and 0-9");
            }

            if (!AccessKeyGenerator.IsWellFormedSecret(envSecret))
            {
                return (null, $"{SecretVariable} must be 40 characters of A-Z, a-z, 0-9, '+' and '/'");
            }

            var existing = await keys.FindAsync(envKeyId, ct).ConfigureAwait(false);
            if (existing.Found && existing.Principal?.Arn != arn)
            {
                return (null, $"{AccessKeyIdVariable} names a key that belongs to another principal");
            }

            if (!existing.Found)
            {
                await keys.AddAsync(Principal(accountId, envKeyId), envSecret, CredentialStatus.Active, ct).ConfigureAwait(false);
            }

            return (null, null);
        }

        if (await keys.CountForPrincipalAsync(arn, ct).ConfigureAwait(false) > 0)
        {
            return (null, null);
        }

        var keyId = AccessKeyGenerator.NewAccessKeyId();
        var secret = AccessKeyGenerator.NewSecretAccessKey();
        await keys.AddAsync(Principal(accountId, keyId), secret, CredentialStatus.Active, ct).ConfigureAwait(false);
        return (new RootKey(keyId, secret), null);
    }

    // For the root user AWS reports the account id as the user id (GetCallerIdentity).
    private static PrincipalInfo Principal(string accountId, string keyId) =>
        new(accountId, RootArn(accountId), accountId, PrincipalType.Root, keyId);
}
