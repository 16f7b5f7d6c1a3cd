using System.Globalization;
using SageKeep.Core;
using SageKeep.Server.Configuration;
using SageKeep.Server.Credentials;
using SageKeep.Server.Services.Iam.Store;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.Sts;

/// <summary>
/// Revokes a role's existing sessions the way the IAM console does ("Revoke active sessions"): an inline
/// role policy named <see cref="PolicyName"/> that denies everything to sessions whose
/// <c>aws:TokenIssueTime</c> is before now. Sessions issued later are unaffected; policies are evaluated
/// at request time, so the running server applies it to the next request.
/// </summary>
public static class RoleSessionRevocation
{
    public const string PolicyName = "AWSRevokeOlderSessions";

    public static string PolicyDocument(DateTimeOffset before) =>
        """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"],"Condition":{"DateLessThan":{"aws:TokenIssueTime":"""
        + "\"" + before.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        + "\"}}}]}";

    /// <summary>Puts the revocation policy on <paramref name="roleName"/> in the data directory's store; an error text or null.</summary>
    public static async Task<string?> RevokeAsync(string dataDirectory, string roleName, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var settings = new ServerSettings { DataDirectory = Path.GetFullPath(dataDirectory) };
        if (!File.Exists(settings.DatabasePath) || !File.Exists(settings.MasterKeyPath))
        {
            return $"no initialised data directory at '{settings.DataDirectory}' (start the server once)";
        }

        var (masterKey, _, keyError) = MasterKeyFile.LoadOrCreate(settings.MasterKeyPath);
        if (masterKey is null)
        {
            return keyError;
        }

        using var store = new SqliteStateStore(settings.DatabasePath);
        var accountId = await ServerMetadata.ReadAccountIdAsync(store, cancellationToken).ConfigureAwait(false);
        if (accountId is null)
        {
            return "the data directory has no account id yet (start the server once)";
        }

        var iam = new IamStore(store, new AwsAccount(accountId, ServerSettings.DefaultRegion), time, new AccessKeyStore(store, masterKey, time));
        var result = await iam.PutInlinePolicyAsync(IamEntityKind.Role, roleName, PolicyName, PolicyDocument(time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return result.Error is { } error ? $"{error.Code}: {error.Message}" : null;
    }
}
