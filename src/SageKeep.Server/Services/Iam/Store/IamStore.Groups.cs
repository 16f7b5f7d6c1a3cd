using System.Data.Common;

namespace SageKeep.Server.Services.Iam.Store;

internal sealed partial class IamStore
{
    public Task<IamResult<IamGroup>> CreateGroupAsync(string name, string path, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                if (await FindEntityAsync(sql, IamEntityKind.Group, name).ConfigureAwait(false) is not null)
                {
                    return Fail<IamGroup>(IamError.AlreadyExists($"Group with name {name} already exists."));
                }

                var group = new IamGroup(IamNames.NewGroupId(), name, path, IamNames.GroupArn(AccountId, path, name), Now());
                await sql.ExecAsync(
                    "INSERT INTO iam_groups (group_id, name, name_key, path, created_at) VALUES (@id, @name, @key, @path, @created)",
                    ("@id", group.GroupId),
                    ("@name", name),
                    ("@key", IamNames.Key(name)),
                    ("@path", path),
                    ("@created", IamSql.Text(group.CreateDate))).ConfigureAwait(false);
                return group;
            },
            ct);

    /// <summary>GetGroup: the group and its members.</summary>
    public Task<IamResult<(IamGroup Group, List<IamUser> Users)>> GetGroupAsync(string name, CancellationToken ct) =>
        ReadResultAsync(
            async sql =>
            {
                var group = await sql.SingleAsync("SELECT group_id, name, path, created_at FROM iam_groups WHERE name_key = @key", ReadGroup, ("@key", IamNames.Key(name))).ConfigureAwait(false)
                    ?? Fail<IamGroup>(IamError.NoSuchEntity($"The group with name {name} cannot be found."));
                var users = await sql.QueryAsync(
                    $"SELECT {UserColumns} FROM iam_users u JOIN iam_group_members m ON m.user_id = u.user_id WHERE m.group_id = @id ORDER BY u.name_key",
                    ReadUser,
                    ("@id", group.GroupId)).ConfigureAwait(false);
                return (group, users);
            },
            ct);

    public Task<List<IamGroup>> ListGroupsAsync(string? pathPrefix, CancellationToken ct) =>
        ReadAsync(
            async sql => (await sql.QueryAsync("SELECT group_id, name, path, created_at FROM iam_groups ORDER BY name_key", ReadGroup).ConfigureAwait(false))
                .Where(g => pathPrefix is null || g.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList(),
            ct);

    public Task<IamResult<List<IamGroup>>> ListGroupsForUserAsync(string userName, CancellationToken ct) =>
        ReadResultAsync(
            async sql =>
            {
                var user = await RequireEntityAsync(sql, IamEntityKind.User, userName).ConfigureAwait(false);
                return await sql.QueryAsync(
                    "SELECT g.group_id, g.name, g.path, g.created_at FROM iam_groups g JOIN iam_group_members m ON m.group_id = g.group_id WHERE m.user_id = @id ORDER BY g.name_key",
                    ReadGroup,
                    ("@id", user.Id)).ConfigureAwait(false);
            },
            ct);

    public Task<IamResult<bool>> UpdateGroupAsync(string name, string? newName, string? newPath, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var group = await RequireEntityAsync(sql, IamEntityKind.Group, name).ConfigureAwait(false);
                var finalName = newName ?? group.Name;
                if (newName is not null && IamNames.Key(newName) != IamNames.Key(group.Name)
                    && await FindEntityAsync(sql, IamEntityKind.Group, newName).ConfigureAwait(false) is not null)
                {
                    return Fail<bool>(IamError.AlreadyExists($"Group with name {newName} already exists."));
                }

                await sql.ExecAsync(
                    "UPDATE iam_groups SET name = @name, name_key = @key, path = @path WHERE group_id = @id",
                    ("@id", group.Id),
                    ("@name", finalName),
                    ("@key", IamNames.Key(finalName)),
                    ("@path", newPath ?? group.Path)).ConfigureAwait(false);
                return true;
            },
            ct);

    public Task<IamResult<bool>> DeleteGroupAsync(string name, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var group = await RequireEntityAsync(sql, IamEntityKind.Group, name).ConfigureAwait(false);
                var id = ("@id", (object?)group.Id);
                if (await sql.CountAsync("SELECT COUNT(*) FROM iam_group_members WHERE group_id = @id", id).ConfigureAwait(false) > 0)
                {
                    return Fail<bool>(IamError.DeleteConflict("Cannot delete entity, must remove users from group first."));
                }

                if (await sql.CountAsync("SELECT COUNT(*) FROM iam_inline_policies WHERE entity_id = @id", id).ConfigureAwait(false) > 0)
                {
                    return Fail<bool>(IamError.DeleteConflict("Cannot delete entity, must delete policies first."));
                }

                if (await sql.CountAsync("SELECT COUNT(*) FROM iam_attachments WHERE entity_id = @id", id).ConfigureAwait(false) > 0)
                {
                    return Fail<bool>(IamError.DeleteConflict("Cannot delete entity, must detach all policies first."));
                }

                await sql.ExecAsync("DELETE FROM iam_groups WHERE group_id = @id", id).ConfigureAwait(false);
                return true;
            },
            ct);

    public Task<IamResult<bool>> AddUserToGroupAsync(string groupName, string userName, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var group = await RequireEntityAsync(sql, IamEntityKind.Group, groupName).ConfigureAwait(false);
                var user = await RequireEntityAsync(sql, IamEntityKind.User, userName).ConfigureAwait(false);
                var added = await sql.ExecAsync(
                    "INSERT INTO iam_group_members (group_id, user_id) SELECT @group, @user WHERE NOT EXISTS (SELECT 1 FROM iam_group_members WHERE group_id = @group AND user_id = @user)",
                    ("@group", group.Id),
                    ("@user", user.Id)).ConfigureAwait(false);
                if (added == 1 && await sql.CountAsync("SELECT COUNT(*) FROM iam_group_members WHERE user_id = @user", ("@user", user.Id)).ConfigureAwait(false) > IamLimits.GroupsPerUser)
                {
                    return Fail<bool>(IamError.LimitExceeded($"Cannot exceed quota for GroupsPerUser: {IamLimits.GroupsPerUser}"));
                }

                return true;
            },
            ct);

    public Task<IamResult<bool>> RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var group = await RequireEntityAsync(sql, IamEntityKind.Group, groupName).ConfigureAwait(false);
                var user = await RequireEntityAsync(sql, IamEntityKind.User, userName).ConfigureAwait(false);
                var removed = await sql.ExecAsync("DELETE FROM iam_group_members WHERE group_id = @group AND user_id = @user", ("@group", group.Id), ("@user", user.Id)).ConfigureAwait(false);
                return removed == 1 ? true : Fail<bool>(IamError.NoSuchEntity($"The user with name {user.Name} is not a member of group {group.Name}."));
            },
            ct);

    private IamGroup ReadGroup(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), IamNames.GroupArn(AccountId, r.GetString(2), r.GetString(1)), IamSql.Time(r, 3));
}
