using SageKeep.Security.Iam.Caching;

namespace SageKeep.Server.Services.Iam.Store;

internal sealed partial class IamStore
{
    /// <summary>
    /// The effective policies of the user, group or role with this ARN (path included), or null when there
    /// is no such entity. Read in one connection; the caller compiles them once per policy-set version.
    /// </summary>
    public Task<PrincipalSnapshot?> LoadPrincipalAsync(IamEntityKind kind, string arn, CancellationToken ct) =>
        ReadAsync(
            async sql =>
            {
                var name = IamNames.NameFromArn(arn, AccountId, TypeName(kind));
                var entity = name is null ? null : await FindEntityAsync(sql, kind, name).ConfigureAwait(false);
                return entity is null || entity.Arn != arn ? null : await LoadAsync(sql, entity).ConfigureAwait(false);
            },
            ct);

    /// <summary>The effective policies of the user or role called <paramref name="name"/> (role sessions name their role without its path).</summary>
    public Task<PrincipalSnapshot?> LoadPrincipalByNameAsync(IamEntityKind kind, string name, CancellationToken ct) =>
        ReadAsync(
            async sql => await FindEntityAsync(sql, kind, name).ConfigureAwait(false) is { } entity && entity.Name == name
                ? await LoadAsync(sql, entity).ConfigureAwait(false)
                : null,
            ct);

    private async Task<PrincipalSnapshot> LoadAsync(IamSql sql, EntityRef entity)
    {
        var id = ("@id", (object?)entity.Id);
        var owners = new Dictionary<string, EntityRef>(StringComparer.Ordinal) { [entity.Id] = entity };
        if (entity.Kind == IamEntityKind.User)
        {
            var groups = await sql.QueryAsync(
                "SELECT g.group_id, g.name, g.path FROM iam_groups g JOIN iam_group_members m ON m.group_id = g.group_id WHERE m.user_id = @id ORDER BY g.name_key",
                r => new EntityRef(IamEntityKind.Group, r.GetString(0), r.GetString(1), r.GetString(2), IamNames.GroupArn(AccountId, r.GetString(2), r.GetString(1))),
                id).ConfigureAwait(false);
            foreach (var group in groups)
            {
                owners[group.Id] = group;
            }
        }

        var documents = new List<PolicyDocument>();
        var sources = new List<PolicySourceInfo>();
        var inline = await sql.QueryAsync(
            "SELECT entity_id, name, document FROM iam_inline_policies WHERE entity_id = @id OR entity_id IN (SELECT group_id FROM iam_group_members WHERE user_id = @id) ORDER BY entity_kind DESC, entity_id, name",
            r => (Owner: r.GetString(0), Name: r.GetString(1), Document: r.GetString(2)),
            id).ConfigureAwait(false);
        foreach (var (ownerId, policyName, document) in inline)
        {
            var owner = owners[ownerId];
            var policyId = $"{TypeName(owner.Kind)}/{owner.Name}/{policyName}";
            documents.Add(new PolicyDocument(policyId, document));
            sources.Add(new PolicySourceInfo(policyId, policyName, TypeName(owner.Kind)));
        }

        var attached = await sql.QueryAsync(
            """
            SELECT p.arn, p.name, v.document FROM iam_attachments a
            JOIN iam_policies p ON p.policy_id = a.policy_id
            JOIN iam_policy_versions v ON v.policy_id = p.policy_id AND v.version_id = p.default_version
            WHERE a.entity_id = @id OR a.entity_id IN (SELECT group_id FROM iam_group_members WHERE user_id = @id)
            ORDER BY a.entity_kind DESC, a.entity_id, p.name_key
            """,
            r => (Arn: r.GetString(0), Name: r.GetString(1), Document: r.GetString(2)),
            id).ConfigureAwait(false);
        foreach (var (policyArn, policyName, document) in attached)
        {
            documents.Add(new PolicyDocument(policyArn, document));
            sources.Add(new PolicySourceInfo(policyArn, policyName, policyArn.StartsWith(IamNames.AwsPolicyArnPrefix, StringComparison.Ordinal) ? "aws-managed" : "user-managed"));
        }

        PolicyDocument? boundary = null;
        if (entity.Kind != IamEntityKind.Group)
        {
            var boundaryQuery = entity.Kind == IamEntityKind.User
                ? "SELECT p.arn, p.name, v.document FROM iam_users e JOIN iam_policies p ON p.policy_id = e.boundary_policy_id JOIN iam_policy_versions v ON v.policy_id = p.policy_id AND v.version_id = p.default_version WHERE e.user_id = @id"
                : "SELECT p.arn, p.name, v.document FROM iam_roles e JOIN iam_policies p ON p.policy_id = e.boundary_policy_id JOIN iam_policy_versions v ON v.policy_id = p.policy_id AND v.version_id = p.default_version WHERE e.role_id = @id";
            var row = await sql.QueryAsync(boundaryQuery, r => (Arn: r.GetString(0), Name: r.GetString(1), Document: r.GetString(2)), id).ConfigureAwait(false);
            if (row.Count == 1)
            {
                boundary = new PolicyDocument(row[0].Arn, row[0].Document);
                sources.Add(new PolicySourceInfo(row[0].Arn, row[0].Name, "permissions-boundary"));
            }
        }

        var tags = entity.Kind == IamEntityKind.Group ? [] : await TagsAsync(sql, entity.Id).ConfigureAwait(false);
        return new PrincipalSnapshot(entity.Kind, entity.Id, entity.Name, entity.Arn, tags, new PrincipalPolicyDocuments(documents, boundary), sources);
    }
}
