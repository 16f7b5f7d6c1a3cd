using System.Data.Common;

namespace SageKeep.Server.Services.Iam.Store;

internal sealed partial class IamStore
{
    private const string UserColumns =
        "u.user_id, u.name, u.path, u.created_at, (SELECT arn FROM iam_policies p WHERE p.policy_id = u.boundary_policy_id)";

    public Task<IamResult<IamUser>> CreateUserAsync(string name, string path, string? boundaryArn, IReadOnlyList<IamTag> tags, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                RequireDistinctKeys(tags);
                if (await FindEntityAsync(sql, IamEntityKind.User, name).ConfigureAwait(false) is not null)
                {
                    return Fail<IamUser>(IamError.AlreadyExists($"User with name {name} already exists."));
                }

                var boundary = boundaryArn is null ? null : await RequirePolicyAsync(sql, boundaryArn).ConfigureAwait(false);
                var user = new IamUser(IamNames.NewUserId(), name, path, IamNames.UserArn(AccountId, path, name), Now(), boundary?.Arn);
                await sql.ExecAsync(
                    "INSERT INTO iam_users (user_id, name, name_key, path, created_at, boundary_policy_id) VALUES (@id, @name, @key, @path, @created, @boundary)",
                    ("@id", user.UserId),
                    ("@name", name),
                    ("@key", IamNames.Key(name)),
                    ("@path", path),
                    ("@created", IamSql.Text(user.CreateDate)),
                    ("@boundary", boundary?.PolicyId)).ConfigureAwait(false);
                await SetTagsAsync(sql, new EntityRef(IamEntityKind.User, user.UserId, name, path, user.Arn), tags).ConfigureAwait(false);
                return user;
            },
            ct);

    /// <summary>The user called <paramref name="name"/> (any case) with its tags, or NoSuchEntity.</summary>
    public Task<IamResult<(IamUser User, List<IamTag> Tags)>> GetUserAsync(string name, CancellationToken ct) =>
        ReadResultAsync(
            async sql =>
            {
                var user = await FindUserAsync(sql, name).ConfigureAwait(false)
                    ?? Fail<IamUser>(IamError.NoSuchEntity($"The user with name {name} cannot be found."));
                return (user, await TagsAsync(sql, user.UserId).ConfigureAwait(false));
            },
            ct);

    /// <summary>For other services (STS): the user named <paramref name="nameOrArn"/> (a name or its full ARN), or null.</summary>
    public Task<IamUser?> FindUserAsync(string nameOrArn, CancellationToken ct) =>
        ReadAsync(
            async sql =>
            {
                var name = nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? IamNames.NameFromArn(nameOrArn, AccountId, "user") : nameOrArn;
                var user = name is null ? null : await FindUserAsync(sql, name).ConfigureAwait(false);
                return user is not null && (!nameOrArn.StartsWith("arn:", StringComparison.Ordinal) || user.Arn == nameOrArn) ? user : null;
            },
            ct);

    public Task<List<IamUser>> ListUsersAsync(string? pathPrefix, CancellationToken ct) =>
        ReadAsync(
            async sql => (await sql.QueryAsync($"SELECT {UserColumns} FROM iam_users u ORDER BY u.name_key", ReadUser).ConfigureAwait(false))
                .Where(u => pathPrefix is null || u.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList(),
            ct);

    public Task<IamResult<bool>> UpdateUserAsync(string name, string? newName, string? newPath, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var user = await RequireEntityAsync(sql, IamEntityKind.User, name).ConfigureAwait(false);
                var finalName = newName ?? user.Name;
                if (newName is not null && IamNames.Key(newName) != IamNames.Key(user.Name)
                    && await FindEntityAsync(sql, IamEntityKind.User, newName).ConfigureAwait(false) is not null)
                {
                    return Fail<bool>(IamError.AlreadyExists($"User with name {newName} already exists."));
                }

                var finalPath = newPath ?? user.Path;
                await sql.ExecAsync(
                    "UPDATE iam_users SET name = @name, name_key = @key, path = @path WHERE user_id = @id",
                    ("@id", user.Id),
                    ("@name", finalName),
                    ("@key", IamNames.Key(finalName)),
                    ("@path", finalPath)).ConfigureAwait(false);

                // The user's keys carry its ARN (what SigV4 reports as the caller).
                await sql.ExecAsync(
                    "UPDATE access_keys SET principal_arn = @arn WHERE user_id = @id",
                    ("@id", user.Id),
                    ("@arn", IamNames.UserArn(AccountId, finalPath, finalName))).ConfigureAwait(false);
                return true;
            },
            ct);

    /// <summary>Deletes a user that has no keys, policies or groups left (IAM answers DeleteConflict otherwise).</summary>
    public Task<IamResult<bool>> DeleteUserAsync(string name, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var user = await RequireEntityAsync(sql, IamEntityKind.User, name).ConfigureAwait(false);
                var id = ("@id", (object?)user.Id);
                if (await sql.CountAsync("SELECT COUNT(*) FROM access_keys WHERE user_id = @id", id).ConfigureAwait(false) > 0)
                {
                    return Fail<bool>(IamError.DeleteConflict("Cannot delete entity, must delete access keys first."));
                }

                if (await sql.CountAsync("SELECT COUNT(*) FROM iam_inline_policies WHERE entity_id = @id", id).ConfigureAwait(false) > 0)
                {
                    return Fail<bool>(IamError.DeleteConflict("Cannot delete entity, must delete policies first."));
                }

                if (await sql.CountAsync("SELECT COUNT(*) FROM iam_attachments WHERE entity_id = @id", id).ConfigureAwait(false) > 0)
                {
                    return Fail<bool>(IamError.DeleteConflict("Cannot delete entity, must detach all policies first."));
                }

                if (await sql.CountAsync("SELECT COUNT(*) FROM iam_group_members WHERE user_id = @id", id).ConfigureAwait(false) > 0)
                {
                    return Fail<bool>(IamError.DeleteConflict("Cannot delete entity, must remove user from all groups first."));
                }

                await sql.ExecAsync("DELETE FROM iam_tags WHERE entity_id = @id", id).ConfigureAwait(false);
                await sql.ExecAsync("DELETE FROM iam_users WHERE user_id = @id", id).ConfigureAwait(false);
                return true;
            },
            ct);

    private async Task<IamUser?> FindUserAsync(IamSql sql, string name) =>
        await sql.SingleAsync($"SELECT {UserColumns} FROM iam_users u WHERE u.name_key = @key", ReadUser, ("@key", IamNames.Key(name))).ConfigureAwait(false);

    private IamUser ReadUser(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), IamNames.UserArn(AccountId, r.GetString(2), r.GetString(1)), IamSql.Time(r, 3), IamSql.NullableString(r, 4));
}
