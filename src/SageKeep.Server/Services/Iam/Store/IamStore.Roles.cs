using System.Data.Common;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Server.Services.Iam.Store;

internal sealed partial class IamStore
{
    private const string RoleColumns =
        "r.role_id, r.name, r.path, r.created_at, r.trust_policy, r.description, r.max_session_duration, (SELECT arn FROM iam_policies p WHERE p.policy_id = r.boundary_policy_id)";

    public Task<IamResult<IamRole>> CreateRoleAsync(
        string name, string path, string trustPolicy, string? description, int? maxSessionDuration, string? boundaryArn, IReadOnlyList<IamTag> tags, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                RequireDistinctKeys(tags);
                RequireTrustPolicy(trustPolicy);
                var duration = RequireSessionDuration(maxSessionDuration ?? IamLimits.MinSessionDuration);
                if (await FindEntityAsync(sql, IamEntityKind.Role, name).ConfigureAwait(false) is not null)
                {
                    return Fail<IamRole>(IamError.AlreadyExists($"Role with name {name} already exists."));
                }

                var boundary = boundaryArn is null ? null : await RequirePolicyAsync(sql, boundaryArn).ConfigureAwait(false);
                var role = new IamRole(IamNames.NewRoleId(), name, path, IamNames.RoleArn(AccountId, path, name), Now(), trustPolicy, description, duration, boundary?.Arn, tags);
                await sql.ExecAsync(
                    """
                    INSERT INTO iam_roles (role_id, name, name_key, path, created_at, trust_policy, description, max_session_duration, boundary_policy_id)
                    VALUES (@id, @name, @key, @path, @created, @trust, @description, @duration, @boundary)
                    """,
                    ("@id", role.RoleId),
                    ("@name", name),
                    ("@key", IamNames.Key(name)),
                    ("@path", path),
                    ("@created", IamSql.Text(role.CreateDate)),
                    ("@trust", trustPolicy),
                    ("@description", description),
                    ("@duration", duration),
                    ("@boundary", boundary?.PolicyId)).ConfigureAwait(false);
                await SetTagsAsync(sql, new EntityRef(IamEntityKind.Role, role.RoleId, name, path, role.Arn), tags).ConfigureAwait(false);
                return role with { Tags = await TagsAsync(sql, role.RoleId).ConfigureAwait(false) };
            },
            ct);

    public Task<IamResult<IamRole>> GetRoleAsync(string name, CancellationToken ct) =>
        ReadResultAsync(
            async sql => await FindRoleAsync(sql, name).ConfigureAwait(false)
                ?? Fail<IamRole>(IamError.NoSuchEntity($"The role with name {name} cannot be found.")),
            ct);

    /// <summary>
    /// For STS AssumeRole: the role named <paramref name="nameOrArn"/> (a name or its full ARN, path
    /// included) with its trust policy, session limit, unique id and tags; null when there is none.
    /// </summary>
    public Task<IamRole?> FindRoleAsync(string nameOrArn, CancellationToken ct) =>
        ReadAsync(
            async sql =>
            {
                var isArn = nameOrArn.StartsWith("arn:", StringComparison.Ordinal);
                var name = isArn ? IamNames.NameFromArn(nameOrArn, AccountId, "role") : nameOrArn;
                var role = name is null ? null : await FindRoleAsync(sql, name).ConfigureAwait(false);
                return role is not null && (!isArn || role.Arn == nameOrArn) ? role : null;
            },
            ct);

    public Task<List<IamRole>> ListRolesAsync(string? pathPrefix, CancellationToken ct) =>
        ReadAsync(
            async sql =>
            {
                var roles = await sql.QueryAsync($"SELECT {RoleColumns} FROM iam_roles r ORDER BY r.name_key", ReadRole).ConfigureAwait(false);
                return roles.Where(r => pathPrefix is null || r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();
            },
            ct);

    public Task<IamResult<bool>> UpdateRoleAsync(string name, string? description, int? maxSessionDuration, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var role = await RequireEntityAsync(sql, IamEntityKind.Role, name).ConfigureAwait(false);
                if (description is not null)
                {
                    await sql.ExecAsync("UPDATE iam_roles SET description = @value WHERE role_id = @id", ("@id", role.Id), ("@value", description)).ConfigureAwait(false);
                }

                if (maxSessionDuration is { } duration)
                {
                    await sql.ExecAsync("UPDATE iam_roles SET max_session_duration = @value WHERE role_id = @id", ("@id", role.Id), ("@value", RequireSessionDuration(duration))).ConfigureAwait(false);
                }

                return true;
            },
            ct);

    public Task<IamResult<bool>> UpdateAssumeRolePolicyAsync(string name, string trustPolicy, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                RequireTrustPolicy(trustPolicy);
                var role = await RequireEntityAsync(sql, IamEntityKind.Role, name).ConfigureAwait(false);
                await sql.ExecAsync("UPDATE iam_roles SET trust_policy = @value WHERE role_id = @id", ("@id", role.Id), ("@value", trustPolicy)).ConfigureAwait(false);
                return true;
            },
            ct);

    public Task<IamResult<bool>> DeleteRoleAsync(string name, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var role = await RequireEntityAsync(sql, IamEntityKind.Role, name).ConfigureAwait(false);
                var id = ("@id", (object?)role.Id);
                if (await sql.CountAsync("SELECT COUNT(*) FROM iam_inline_policies WHERE entity_id = @id", id).ConfigureAwait(false) > 0)
                {
                    return Fail<bool>(IamError.DeleteConflict("Cannot delete entity, must delete policies first."));
                }

                if (await sql.CountAsync("SELECT COUNT(*) FROM iam_attachments WHERE entity_id = @id", id).ConfigureAwait(false) > 0)
                {
                    return Fail<bool>(IamError.DeleteConflict("Cannot delete entity, must detach all policies first."));
                }

                await sql.ExecAsync("DELETE FROM iam_tags WHERE entity_id = @id", id).ConfigureAwait(false);
                await sql.ExecAsync("DELETE FROM iam_roles WHERE role_id = @id", id).ConfigureAwait(false);
                return true;
            },
            ct);

    private async Task<IamRole?> FindRoleAsync(IamSql sql, string name)
    {
        var role = await sql.SingleAsync($"SELECT {RoleColumns} FROM iam_roles r WHERE r.name_key = @key", ReadRole, ("@key", IamNames.Key(name))).ConfigureAwait(false);
        return role is null ? null : role with { Tags = await TagsAsync(sql, role.RoleId).ConfigureAwait(false) };
    }

    private static void RequireTrustPolicy(string document)
    {
        if (IamLimits.SizeOf(document) > IamLimits.TrustPolicySize)
        {
            Fail<bool>(IamError.LimitExceeded($"Cannot exceed quota for ACLSizePerRole: {IamLimits.TrustPolicySize}"));
        }

        RequireValidDocument(document, PolicyKind.Trust);
    }

    private static int RequireSessionDuration(int seconds) =>
        seconds is >= IamLimits.MinSessionDuration and <= IamLimits.MaxSessionDuration
            ? seconds
            : Fail<int>(IamError.Validation(
                $"The requested MaxSessionDuration value ({seconds}) exceeds the allowed range of {IamLimits.MinSessionDuration} to {IamLimits.MaxSessionDuration} seconds."));

    private IamRole ReadRole(DbDataReader r) =>
        new(
            r.GetString(0),
            r.GetString(1),
            r.GetString(2),
            IamNames.RoleArn(AccountId, r.GetString(2), r.GetString(1)),
            IamSql.Time(r, 3),
            r.GetString(4),
            IamSql.NullableString(r, 5),
            r.GetInt32(6),
            IamSql.NullableString(r, 7),
            []);
}
