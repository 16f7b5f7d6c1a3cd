using SageKeep.Security.Credentials;
using SageKeep.Server.Credentials;

namespace SageKeep.Server.Services.Iam.Store;

internal sealed partial class IamStore
{
    private const string KeyColumns = "access_key_id, status, created_at";

    /// <summary>
    /// A new AKIA key and 40-character secret for a user (or, with a null name, the root user), within
    /// IAM's quota of two keys. The secret is returned once and stored only encrypted.
    /// </summary>
    public Task<IamResult<(IamAccessKey Key, string Secret)>> CreateAccessKeyAsync(string? userName, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var owner = await RequireKeyOwnerAsync(sql, userName).ConfigureAwait(false);
                if (await sql.CountAsync("SELECT COUNT(*) FROM access_keys WHERE principal_arn = @arn", ("@arn", owner.Arn)).ConfigureAwait(false) >= IamLimits.AccessKeysPerUser)
                {
                    return Fail<(IamAccessKey, string)>(IamError.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {IamLimits.AccessKeysPerUser}"));
                }

                var keyId = AccessKeyGenerator.NewAccessKeyId();
                var secret = AccessKeyGenerator.NewSecretAccessKey();
                var type = owner.Name is null ? PrincipalType.Root : PrincipalType.User;
                var principal = new PrincipalInfo(AccountId, owner.Arn, owner.Id, type, keyId);
                if (!await _keys.InsertAsync(sql.Connection, sql.Transaction!, principal, secret, CredentialStatus.Active, sql.Token).ConfigureAwait(false))
                {
                    return Fail<(IamAccessKey, string)>(IamError.AlreadyExists($"Access key {keyId} already exists."));
                }

                return (new IamAccessKey(keyId, owner.Name, nameof(CredentialStatus.Active), Now()), secret);
            },
            ct);

    public Task<IamResult<List<IamAccessKey>>> ListAccessKeysAsync(string? userName, CancellationToken ct) =>
        ReadResultAsync(
            async sql =>
            {
                var owner = await RequireKeyOwnerAsync(sql, userName).ConfigureAwait(false);
                return await sql.QueryAsync(
                    $"SELECT {KeyColumns} FROM access_keys WHERE principal_arn = @arn ORDER BY created_at, access_key_id",
                    r => new IamAccessKey(r.GetString(0), owner.Name, r.GetString(1), IamSql.Time(r, 2)),
                    ("@arn", owner.Arn)).ConfigureAwait(false);
            },
            ct);

    /// <summary>Active or Inactive; SigV4 reads the status on every request, so it takes effect on the next one.</summary>
    public Task<IamResult<bool>> UpdateAccessKeyAsync(string? userName, string accessKeyId, string status, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var owner = await RequireKeyOwnerAsync(sql, userName).ConfigureAwait(false);
                var changed = await sql.ExecAsync(
                    "UPDATE access_keys SET status = @status WHERE access_key_id = @id AND principal_arn = @arn",
                    ("@id", accessKeyId),
                    ("@arn", owner.Arn),
                    ("@status", status)).ConfigureAwait(false);
                return changed == 1 ? true : Fail<bool>(NoSuchKey(accessKeyId));
            },
            ct);

    public Task<IamResult<bool>> DeleteAccessKeyAsync(string? userName, string accessKeyId, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var owner = await RequireKeyOwnerAsync(sql, userName).ConfigureAwait(false);
                var removed = await sql.ExecAsync("DELETE FROM access_keys WHERE access_key_id = @id AND principal_arn = @arn", ("@id", accessKeyId), ("@arn", owner.Arn)).ConfigureAwait(false);
                return removed == 1 ? true : Fail<bool>(NoSuchKey(accessKeyId));
            },
            ct);

    public Task<IamResult<AccessKeyUse>> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken ct) =>
        ReadResultAsync(
            async sql =>
            {
                var use = await sql.SingleAsync(
                    "SELECT principal_type, principal_arn, last_used_at, last_used_service, last_used_region FROM access_keys WHERE access_key_id = @id",
                    r => new AccessKeyUse(
                        r.GetString(0) == nameof(PrincipalType.User) ? r.GetString(1)[(r.GetString(1).LastIndexOf('/') + 1)..] : null,
                        r.IsDBNull(2) ? null : IamSql.Time(r, 2),
                        IamSql.NullableString(r, 3),
                        IamSql.NullableString(r, 4)),
                    ("@id", accessKeyId)).ConfigureAwait(false);
                return use ?? Fail<AccessKeyUse>(NoSuchKey(accessKeyId));
            },
            ct);

    /// <summary>Records a key's use (GetAccessKeyLastUsed); not an IAM change, so the policy-set version stays.</summary>
    public Task RecordAccessKeyUseAsync(string accessKeyId, string service, string region, DateTimeOffset when, CancellationToken ct) =>
        _store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                var sql = new IamSql(connection, transaction, token);
                return await sql.ExecAsync(
                    "UPDATE access_keys SET last_used_at = @at, last_used_service = @service, last_used_region = @region WHERE access_key_id = @id",
                    ("@id", accessKeyId),
                    ("@at", IamSql.Text(when)),
                    ("@service", service),
                    ("@region", region)).ConfigureAwait(false);
            },
            ct);

    /// <summary>The key owner: the named user, or the root user when no name is given.</summary>
    private async Task<(string? Name, string Id, string Arn)> RequireKeyOwnerAsync(IamSql sql, string? userName)
    {
        if (userName is null)
        {
            return (null, AccountId, RootCredentials.RootArn(AccountId));
        }

        var user = await RequireEntityAsync(sql, IamEntityKind.User, userName).ConfigureAwait(false);
        return (user.Name, user.Id, user.Arn);
    }

    private static IamError NoSuchKey(string accessKeyId) => IamError.NoSuchEntity($"The Access Key with id {accessKeyId} cannot be found.");
}
