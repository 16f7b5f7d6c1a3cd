namespace SageKeep.Server.Services.Iam.Store;

internal sealed partial class IamStore
{
    /// <summary>The entity called <paramref name="name"/> (any case), or null.</summary>
    private async Task<EntityRef?> FindEntityAsync(IamSql sql, IamEntityKind kind, string name)
    {
        var text = kind switch
        {
            IamEntityKind.User => "SELECT user_id, name, path FROM iam_users WHERE name_key = @key",
            IamEntityKind.Group => "SELECT group_id, name, path FROM iam_groups WHERE name_key = @key",
            _ => "SELECT role_id, name, path FROM iam_roles WHERE name_key = @key",
        };
        var type = TypeName(kind);
        return await sql.SingleAsync(
            text,
            r => new EntityRef(kind, r.GetString(0), r.GetString(1), r.GetString(2), IamNames.Arn(AccountId, type, r.GetString(2), r.GetString(1))),
            ("@key", IamNames.Key(name))).ConfigureAwait(false);
    }

    private async Task<EntityRef> RequireEntityAsync(IamSql sql, IamEntityKind kind, string name) =>
        await FindEntityAsync(sql, kind, name).ConfigureAwait(false)
        ?? Fail<EntityRef>(IamError.NoSuchEntity($"The {TypeName(kind)} with name {name} cannot be found."));

    /// <summary>The entity's ARN (for authorising a call on it) or null when it does not exist.</summary>
    public Task<EntityRef?> FindEntityAsync(IamEntityKind kind, string name, CancellationToken ct) =>
        ReadAsync(sql => FindEntityAsync(sql, kind, name), ct);

    internal static string TypeName(IamEntityKind kind) => kind switch
    {
        IamEntityKind.User => "user",
        IamEntityKind.Group => "group",
        _ => "role",
    };

    private static async Task<List<IamTag>> TagsAsync(IamSql sql, string entityId) =>
        await sql.QueryAsync(
            "SELECT tag_key, tag_value FROM iam_tags WHERE entity_id = @id ORDER BY key_key",
            r => new IamTag(r.GetString(0), r.GetString(1)),
            ("@id", entityId)).ConfigureAwait(false);

    private static async Task SetTagsAsync(IamSql sql, EntityRef entity, IReadOnlyList<IamTag> tags)
    {
        foreach (var tag in tags)
        {
            await sql.ExecAsync(
                """
                INSERT INTO iam_tags (entity_id, tag_key, key_key, tag_value) VALUES (@id, @key, @keyKey, @value)
                ON CONFLICT (entity_id, key_key) DO UPDATE SET tag_key = excluded.tag_key, tag_value = excluded.tag_value
                """,
                ("@id", entity.Id),
                ("@key", tag.Key),
                ("@keyKey", IamNames.Key(tag.Key)),
                ("@value", tag.Value)).ConfigureAwait(false);
        }

        if (await sql.CountAsync("SELECT COUNT(*) FROM iam_tags WHERE entity_id = @id", ("@id", entity.Id)).ConfigureAwait(false) > IamLimits.TagsPerEntity)
        {
            Fail<bool>(IamError.LimitExceeded($"Cannot exceed quota for TagsPer{(entity.Kind == IamEntityKind.User ? "User" : "Role")}: {IamLimits.TagsPerEntity}"));
        }
    }

    /// <summary>Adds or overwrites tags (TagUser, TagRole).</summary>
    public Task<IamResult<bool>> TagAsync(IamEntityKind kind, string name, IReadOnlyList<IamTag> tags, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                RequireDistinctKeys(tags);
                var entity = await RequireEntityAsync(sql, kind, name).ConfigureAwait(false);
                await SetTagsAsync(sql, entity, tags).ConfigureAwait(false);
                return true;
            },
            ct);

    /// <summary>Removes tags by key; keys that are not there are ignored, as IAM does.</summary>
    public Task<IamResult<bool>> UntagAsync(IamEntityKind kind, string name, IReadOnlyList<string> keys, CancellationToken ct) =>
        WriteAsync(
            async sql =>
            {
                var entity = await RequireEntityAsync(sql, kind, name).ConfigureAwait(false);
                foreach (var key in keys)
                {
                    await sql.ExecAsync("DELETE FROM iam_tags WHERE entity_id = @id AND key_key = @key", ("@id", entity.Id), ("@key", IamNames.Key(key))).ConfigureAwait(false);
                }

                return true;
            },
            ct);

    public Task<IamResult<List<IamTag>>> ListTagsAsync(IamEntityKind kind, string name, CancellationToken ct) =>
        ReadResultAsync(
            async sql =>
            {
                var entity = await RequireEntityAsync(sql, kind, name).ConfigureAwait(false);
                return await TagsAsync(sql, entity.Id).ConfigureAwait(false);
            },
            ct);

    private static void RequireDistinctKeys(IReadOnlyList<IamTag> tags)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in tags)
        {
            if (!seen.Add(tag.Key))
            {
                Fail<bool>(IamError.Invalid("Duplicate tag keys found. Please note that Tag keys are case insensitive."));
            }
        }
    }
}
