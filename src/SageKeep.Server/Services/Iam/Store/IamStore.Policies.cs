using System.Data.Common;
using System.Globalization;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Server.Services.Iam.Store;

internal sealed partial class IamStore
{
    private const string PolicyColumns =
        """
        p.policy_id, p.name, p.path, p.arn, p.default_version, p.description, p.created_at, p.updated_at,
        (SELECT COUNT(*) FROM iam_attachments a WHERE a.policy_id = p.policy_id),
        (SELECT COUNT(*) FROM iam_users u WHERE u.boundary_policy_id = p.policy_id) + (SELECT COUNT(*) FROM iam_roles r WHERE r.boundary_policy_id = p.policy_id)
        """;

    public Task<IamResult<ManagedPolicy>> CreatePolicyAsync(string name, string path, string document, string? description, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                RequireManagedDocument(document);
                if (await sql.CountAsync("SELECT COUNT(*) FROM iam_policies WHERE scope = 'Local' AND name_key = @key", ("@key", IamNames.Key(name))).ConfigureAwait(false) > 0)
                {
                    return Fail<ManagedPolicy>(IamError.AlreadyExists($"A policy called {name} already exists. Duplicate names are not allowed."));
                }

                var now = Now();
                var policy = new ManagedPolicy(IamNames.NewPolicyId(), name, path, IamNames.PolicyArn(AccountId, path, name), "v1", description, now, now, 0, 0);
                await InsertPolicyAsync(sql, policy, "Local", document).ConfigureAwait(false);
                return policy;
            },
            ct);

    /// <summary>The policy with this ARN, or NoSuchEntity as IAM words it.</summary>
    public Task<IamResult<ManagedPolicy>> GetPolicyAsync(string arn, CancellationToken ct) =>
        ReadResultAsync(sql => RequirePolicyAsync(sql, arn), ct);

    /// <summary>ListPolicies: <paramref name="scope"/> All, AWS or Local; only attached ones when asked.</summary>
    public Task<List<ManagedPolicy>> ListPoliciesAsync(string scope, bool onlyAttached, string? pathPrefix, string? usage, CancellationToken ct) =>
        ReadAsync(
            async sql =>
            {
                var all = await sql.QueryAsync($"SELECT {PolicyColumns} FROM iam_policies p ORDER BY p.name_key, p.arn", ReadPolicy).ConfigureAwait(false);
                return all.Where(p => scope == "All" || (scope == "AWS") == p.IsAwsManaged)
                    .Where(p => !onlyAttached || p.AttachmentCount > 0)
                    .Where(p => pathPrefix is null || p.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
                    .Where(p => usage is null || (usage == "PermissionsPolicy" ? p.AttachmentCount > 0 : p.PermissionsBoundaryUsageCount > 0))
                    .ToList();
            },
            ct);

    /// <summary>Deletes a customer managed policy that is attached nowhere and has only its default version left.</summary>
    public Task<IamResult<bool>> DeletePolicyAsync(string arn, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var policy = await RequireLocalPolicyAsync(sql, arn).ConfigureAwait(false);
                if (policy.AttachmentCount > 0 || policy.PermissionsBoundaryUsageCount > 0)
                {
                    return Fail<bool>(IamError.DeleteConflict("Cannot delete a policy attached to entities."));
                }

                if (await sql.CountAsync("SELECT COUNT(*) FROM iam_policy_versions WHERE policy_id = @id", ("@id", policy.PolicyId)).ConfigureAwait(false) > 1)
                {
                    return Fail<bool>(IamError.DeleteConflict(
                        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy."));
                }

                await sql.ExecAsync("DELETE FROM iam_policy_versions WHERE policy_id = @id", ("@id", policy.PolicyId)).ConfigureAwait(false);
                await sql.ExecAsync("DELETE FROM iam_policies WHERE policy_id = @id", ("@id", policy.PolicyId)).ConfigureAwait(false);
                return true;
            },
            ct);

    public Task<IamResult<ManagedPolicyVersion>> CreatePolicyVersionAsync(string arn, string document, bool setAsDefault, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                RequireManagedDocument(document);
                var policy = await RequireLocalPolicyAsync(sql, arn).ConfigureAwait(false);
                if (await sql.CountAsync("SELECT COUNT(*) FROM iam_policy_versions WHERE policy_id = @id", ("@id", policy.PolicyId)).ConfigureAwait(false) >= IamLimits.VersionsPerPolicy)
                {
                    return Fail<ManagedPolicyVersion>(IamError.LimitExceeded(
                        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version."));
                }

                var number = await sql.CountAsync("SELECT next_version FROM iam_policies WHERE policy_id = @id", ("@id", policy.PolicyId)).ConfigureAwait(false);
                var versionId = string.Create(CultureInfo.InvariantCulture, $"v{number}");
                var now = Now();
                await sql.ExecAsync(
                    "INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at) VALUES (@id, @version, @document, @created)",
                    ("@id", policy.PolicyId),
                    ("@version", versionId),
                    ("@document", document),
                    ("@created", IamSql.Text(now))).ConfigureAwait(false);
                await sql.ExecAsync(
                    "UPDATE iam_policies SET next_version = next_version + 1, updated_at = @now, default_version = CASE WHEN @default = 1 THEN @version ELSE default_version END WHERE policy_id = @id",
                    ("@id", policy.PolicyId),
                    ("@now", IamSql.Text(now)),
                    ("@default", setAsDefault ? 1 : 0),
                    ("@version", versionId)).ConfigureAwait(false);
                return new ManagedPolicyVersion(versionId, document, setAsDefault, now);
            },
            ct);

    public Task<IamResult<ManagedPolicyVersion>> GetPolicyVersionAsync(string arn, string versionId, CancellationToken ct) =>
        ReadResultAsync(
            async sql =>
            {
                var policy = await RequirePolicyAsync(sql, arn).ConfigureAwait(false);
                return await sql.SingleAsync(
                    "SELECT version_id, document, created_at FROM iam_policy_versions WHERE policy_id = @id AND version_id = @version",
                    r => new ManagedPolicyVersion(r.GetString(0), r.GetString(1), r.GetString(0) == policy.DefaultVersionId, IamSql.Time(r, 2)),
                    ("@id", policy.PolicyId),
                    ("@version", versionId)).ConfigureAwait(false)
                    ?? Fail<ManagedPolicyVersion>(IamError.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable."));
            },
            ct);

    /// <summary>ListPolicyVersions: newest first, as IAM lists them.</summary>
    public Task<IamResult<List<ManagedPolicyVersion>>> ListPolicyVersionsAsync(string arn, CancellationToken ct) =>
        ReadResultAsync(
            async sql =>
            {
                var policy = await RequirePolicyAsync(sql, arn).ConfigureAwait(false);
                var versions = await sql.QueryAsync(
                    "SELECT version_id, document, created_at FROM iam_policy_versions WHERE policy_id = @id",
                    r => new ManagedPolicyVersion(r.GetString(0), r.GetString(1), r.GetString(0) == policy.DefaultVersionId, IamSql.Time(r, 2)),
                    ("@id", policy.PolicyId)).ConfigureAwait(false);
                return versions.OrderByDescending(v => int.Parse(v.VersionId.AsSpan(1), CultureInfo.InvariantCulture)).ToList();
            },
            ct);

    public Task<IamResult<bool>> SetDefaultPolicyVersionAsync(string arn, string versionId, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var policy = await RequireLocalPolicyAsync(sql, arn).ConfigureAwait(false);
                await RequireVersionAsync(sql, policy, versionId).ConfigureAwait(false);
                await sql.ExecAsync(
                    "UPDATE iam_policies SET default_version = @version, updated_at = @now WHERE policy_id = @id",
                    ("@id", policy.PolicyId),
                    ("@version", versionId),
                    ("@now", IamSql.Text(Now()))).ConfigureAwait(false);
                return true;
            },
            ct);

    public Task<IamResult<bool>> DeletePolicyVersionAsync(string arn, string versionId, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var policy = await RequireLocalPolicyAsync(sql, arn).ConfigureAwait(false);
                await RequireVersionAsync(sql, policy, versionId).ConfigureAwait(false);
                if (policy.DefaultVersionId == versionId)
                {
                    return Fail<bool>(IamError.DeleteConflict("Cannot delete the default version of a policy."));
                }

                await sql.ExecAsync("DELETE FROM iam_policy_versions WHERE policy_id = @id AND version_id = @version", ("@id", policy.PolicyId), ("@version", versionId)).ConfigureAwait(false);
                return true;
            },
            ct);

    private static async Task InsertPolicyAsync(IamSql sql, ManagedPolicy policy, string scope, string document)
    {
        await sql.ExecAsync(
            """
            INSERT INTO iam_policies (policy_id, arn, scope, name, name_key, path, description, default_version, next_version, created_at, updated_at)
            VALUES (@id, @arn, @scope, @name, @key, @path, @description, 'v1', 2, @created, @created)
            """,
            ("@id", policy.PolicyId),
            ("@arn", policy.Arn),
            ("@scope", scope),
            ("@name", policy.PolicyName),
            ("@key", IamNames.Key(policy.PolicyName)),
            ("@path", policy.Path),
            ("@description", policy.Description),
            ("@created", IamSql.Text(policy.CreateDate))).ConfigureAwait(false);
        await sql.ExecAsync(
            "INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at) VALUES (@id, 'v1', @document, @created)",
            ("@id", policy.PolicyId),
            ("@document", document),
            ("@created", IamSql.Text(policy.CreateDate))).ConfigureAwait(false);
    }

    private static async Task<ManagedPolicy> RequirePolicyAsync(IamSql sql, string arn) =>
        await sql.SingleAsync($"SELECT {PolicyColumns} FROM iam_policies p WHERE p.arn = @arn", ReadPolicy, ("@arn", arn)).ConfigureAwait(false)
        ?? Fail<ManagedPolicy>(IamError.NoSuchEntity($"Policy {arn} does not exist or is not attachable."));

    /// <summary>AWS managed policies cannot be changed or deleted.</summary>
    private static async Task<ManagedPolicy> RequireLocalPolicyAsync(IamSql sql, string arn)
    {
        var policy = await RequirePolicyAsync(sql, arn).ConfigureAwait(false);
        return policy.IsAwsManaged ? Fail<ManagedPolicy>(IamError.Invalid($"Policy {arn} is an AWS managed policy and cannot be changed.")) : policy;
    }

    private static async Task RequireVersionAsync(IamSql sql, ManagedPolicy policy, string versionId)
    {
        if (await sql.CountAsync("SELECT COUNT(*) FROM iam_policy_versions WHERE policy_id = @id AND version_id = @version", ("@id", policy.PolicyId), ("@version", versionId)).ConfigureAwait(false) == 0)
        {
            Fail<bool>(IamError.NoSuchEntity($"Policy {policy.Arn} version {versionId} does not exist or is not attachable."));
        }
    }

    private static void RequireManagedDocument(string document)
    {
        if (IamLimits.SizeOf(document) > IamLimits.ManagedPolicySize)
        {
            Fail<bool>(IamError.LimitExceeded($"Cannot exceed quota for PolicySize: {IamLimits.ManagedPolicySize}"));
        }

        RequireValidDocument(document, PolicyKind.Identity);
    }

    private static ManagedPolicy ReadPolicy(DbDataReader r) =>
        new(
            r.GetString(0),
            r.GetString(1),
            r.GetString(2),
            r.GetString(3),
            r.GetString(4),
            IamSql.NullableString(r, 5),
            IamSql.Time(r, 6),
            IamSql.Time(r, 7),
            r.GetInt32(8),
            r.GetInt32(9));
}
