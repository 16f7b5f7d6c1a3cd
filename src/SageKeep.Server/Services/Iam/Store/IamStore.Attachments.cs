using SageKeep.Security.Iam.Model;

namespace SageKeep.Server.Services.Iam.Store;

internal sealed partial class IamStore
{
    public Task<IamResult<bool>> AttachPolicyAsync(IamEntityKind kind, string name, string policyArn, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var entity = await RequireEntityAsync(sql, kind, name).ConfigureAwait(false);
                var policy = await RequirePolicyAsync(sql, policyArn).ConfigureAwait(false);
                var added = await sql.ExecAsync(
                    "INSERT INTO iam_attachments (entity_id, entity_kind, policy_id) SELECT @id, @kind, @policy WHERE NOT EXISTS (SELECT 1 FROM iam_attachments WHERE entity_id = @id AND policy_id = @policy)",
                    ("@id", entity.Id),
                    ("@kind", kind.ToString()),
                    ("@policy", policy.PolicyId)).ConfigureAwait(false);
                if (added == 1 && await sql.CountAsync("SELECT COUNT(*) FROM iam_attachments WHERE entity_id = @id", ("@id", entity.Id)).ConfigureAwait(false) > IamLimits.ManagedPoliciesPerEntity)
                {
                    return Fail<bool>(IamError.LimitExceeded($"Cannot exceed quota for PoliciesPer{kind}: {IamLimits.ManagedPoliciesPerEntity}"));
                }

                return true;
            },
            ct);

    public Task<IamResult<bool>> DetachPolicyAsync(IamEntityKind kind, string name, string policyArn, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var entity = await RequireEntityAsync(sql, kind, name).ConfigureAwait(false);
                var removed = await sql.ExecAsync(
                    "DELETE FROM iam_attachments WHERE entity_id = @id AND policy_id = (SELECT policy_id FROM iam_policies WHERE arn = @arn)",
                    ("@id", entity.Id),
                    ("@arn", policyArn)).ConfigureAwait(false);
                return removed == 1 ? true : Fail<bool>(IamError.NoSuchEntity($"Policy {policyArn} was not found."));
            },
            ct);

    public Task<IamResult<List<AttachedPolicyRef>>> ListAttachedPoliciesAsync(IamEntityKind kind, string name, string? pathPrefix, CancellationToken ct) =>
        ReadResultAsync(
            async sql =>
            {
                var entity = await RequireEntityAsync(sql, kind, name).ConfigureAwait(false);
                var attached = await sql.QueryAsync(
                    "SELECT p.name, p.arn, p.path FROM iam_attachments a JOIN iam_policies p ON p.policy_id = a.policy_id WHERE a.entity_id = @id ORDER BY p.name_key, p.arn",
                    r => new AttachedPolicyRef(r.GetString(0), r.GetString(1), r.GetString(2)),
                    ("@id", entity.Id)).ConfigureAwait(false);
                return attached.Where(p => pathPrefix is null || p.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();
            },
            ct);

    /// <summary>Puts (creates or replaces) an inline policy, within the entity's aggregate size quota.</summary>
    public Task<IamResult<bool>> PutInlinePolicyAsync(IamEntityKind kind, string name, string policyName, string document, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var entity = await RequireEntityAsync(sql, kind, name).ConfigureAwait(false);
                var others = await sql.QueryAsync(
                    "SELECT document FROM iam_inline_policies WHERE entity_id = @id AND name <> @name",
                    r => r.GetString(0),
                    ("@id", entity.Id),
                    ("@name", policyName)).ConfigureAwait(false);
                var limit = IamLimits.InlineLimit(kind);
                if (others.Sum(IamLimits.SizeOf) + IamLimits.SizeOf(document) > limit)
                {
                    return Fail<bool>(IamError.LimitExceeded($"Maximum policy size of {limit} bytes exceeded for {TypeName(kind)} {entity.Name}"));
                }

                RequireValidDocument(document, PolicyKind.Identity);
                await sql.ExecAsync(
                    """
                    INSERT INTO iam_inline_policies (entity_id, entity_kind, name, document) VALUES (@id, @kind, @name, @document)
                    ON CONFLICT (entity_id, name) DO UPDATE SET document = excluded.document
                    """,
                    ("@id", entity.Id),
                    ("@kind", kind.ToString()),
                    ("@name", policyName),
                    ("@document", document)).ConfigureAwait(false);
                return true;
            },
            ct);

    public Task<IamResult<(string EntityName, string Document)>> GetInlinePolicyAsync(IamEntityKind kind, string name, string policyName, CancellationToken ct) =>
        ReadResultAsync(
            async sql =>
            {
                var entity = await RequireEntityAsync(sql, kind, name).ConfigureAwait(false);
                var document = await sql.SingleAsync(
                    "SELECT document FROM iam_inline_policies WHERE entity_id = @id AND name = @name",
                    r => r.GetString(0),
                    ("@id", entity.Id),
                    ("@name", policyName)).ConfigureAwait(false);
                return document is null
                    ? Fail<(string, string)>(IamError.NoSuchEntity($"The {TypeName(kind)} policy with name {policyName} cannot be found."))
                    : (entity.Name, document);
            },
            ct);

    public Task<IamResult<List<string>>> ListInlinePoliciesAsync(IamEntityKind kind, string name, CancellationToken ct) =>
        ReadResultAsync(
            async sql =>
            {
                var entity = await RequireEntityAsync(sql, kind, name).ConfigureAwait(false);
                return await sql.QueryAsync("SELECT name FROM iam_inline_policies WHERE entity_id = @id ORDER BY name", r => r.GetString(0), ("@id", entity.Id)).ConfigureAwait(false);
            },
            ct);

    public Task<IamResult<bool>> DeleteInlinePolicyAsync(IamEntityKind kind, string name, string policyName, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var entity = await RequireEntityAsync(sql, kind, name).ConfigureAwait(false);
                var removed = await sql.ExecAsync("DELETE FROM iam_inline_policies WHERE entity_id = @id AND name = @name", ("@id", entity.Id), ("@name", policyName)).ConfigureAwait(false);
                return removed == 1 ? true : Fail<bool>(IamError.NoSuchEntity($"The {TypeName(kind)} policy with name {policyName} cannot be found."));
            },
            ct);

    /// <summary>Sets (or, with a null ARN, removes) the permissions boundary of a user or role.</summary>
    public Task<IamResult<bool>> SetPermissionsBoundaryAsync(IamEntityKind kind, string name, string? policyArn, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var entity = await RequireEntityAsync(sql, kind, name).ConfigureAwait(false);
                var policy = policyArn is null ? null : await RequirePolicyAsync(sql, policyArn).ConfigureAwait(false);
                var text = kind == IamEntityKind.User
                    ? "UPDATE iam_users SET boundary_policy_id = @policy WHERE user_id = @id"
                    : "UPDATE iam_roles SET boundary_policy_id = @policy WHERE role_id = @id";
                await sql.ExecAsync(text, ("@id", entity.Id), ("@policy", policy?.PolicyId)).ConfigureAwait(false);
                return true;
            },
            ct);
}
