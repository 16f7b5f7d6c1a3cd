using System.Collections.Concurrent;
using SageKeep.Core.Identity;
using SageKeep.Security.Iam.Caching;
using SageKeep.Security.Iam.Context;
using SageKeep.Server.Authorization;

namespace SageKeep.Server.Services.Iam.Store;

/// <summary>
/// The callers' policies from the IAM store: the root user (never limited by identity policies), IAM users
/// (own and groups' inline and attached policies, boundary, tags) and role sessions (the role's). Each
/// request reads only the store's policy-set version; the compiled set and the principal are cached per
/// (ARN, unique id) and version, so no JSON is parsed on the request path until something changes. A
/// deleted (or deleted and recreated) user or role answers null, so its credentials can do nothing.
/// </summary>
internal sealed class IamPrincipalPolicyStore : IPrincipalPolicyStore
{
    private const int Capacity = 10_000;
    private static readonly CompiledPolicySet NoPolicies = new(0, [], null, null);

    private readonly IamStore _store;
    private readonly PolicyCache _compiled = new(Capacity);
    private readonly ConcurrentDictionary<string, CachedPrincipal> _principals = new(StringComparer.Ordinal);

    public IamPrincipalPolicyStore(IamStore store) => _store = store;

    public async ValueTask<PrincipalPolicies?> GetAsync(AwsPrincipal principal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Arn == $"arn:aws:iam::{_store.AccountId}:root")
        {
            return new PrincipalPolicies(new IamPrincipal(PrincipalKind.Root, principal.Arn, principal.AccountId, principal.AccountId), NoPolicies);
        }

        if (principal.AccountId != _store.AccountId)
        {
            return null;
        }

        var version = await _store.PolicySetVersionAsync(ct).ConfigureAwait(false);
        var key = $"{principal.Arn}\n{principal.UserId}";
        if (_principals.TryGetValue(key, out var cached) && cached.Version == version)
        {
            return cached.Policies;
        }

        var policies = await LoadAsync(principal, version, ct).ConfigureAwait(false);
        if (_principals.Count >= Capacity)
        {
            _principals.Clear();
        }

        _principals[key] = new CachedPrincipal(version, policies);
        return policies;
    }

    private async Task<PrincipalPolicies?> LoadAsync(AwsPrincipal principal, long version, CancellationToken ct)
    {
        if (PrincipalArns.IsUser(principal.Arn))
        {
            var user = await _store.LoadPrincipalAsync(IamEntityKind.User, principal.Arn, ct).ConfigureAwait(false);
            if (user is null || user.EntityId != principal.UserId)
            {
                return null;
            }

            var iamPrincipal = new IamPrincipal(PrincipalKind.User, user.Arn, principal.AccountId, user.EntityId, user.Name) { Tags = TagMap(user) };
            return new PrincipalPolicies(iamPrincipal, Compile(user, version));
        }

        if (PrincipalArns.IsAssumedRole(principal.Arn) && SessionRoleName(principal.Arn) is { } roleName)
        {
            // The session's user id is ROLEID:session; a recreated role has a new id, so old sessions lose it.
            var role = await _store.LoadPrincipalByNameAsync(IamEntityKind.Role, roleName, ct).ConfigureAwait(false);
            if (role is null || !principal.UserId.StartsWith(role.EntityId + ":", StringComparison.Ordinal))
            {
                return null;
            }

            var iamPrincipal = new IamPrincipal(PrincipalKind.AssumedRole, principal.Arn, principal.AccountId, principal.UserId, null, role.Arn) { Tags = TagMap(role) };
            return new PrincipalPolicies(iamPrincipal, Compile(role, version));
        }

        return null;
    }

    private CompiledPolicySet Compile(PrincipalSnapshot snapshot, long version) =>
        _compiled.GetOrCompile(snapshot.Arn, version, () => snapshot.Documents);

    /// <summary><c>arn:aws:sts::ACCT:assumed-role/ROLE/SESSION</c> -> ROLE.</summary>
    private static string? SessionRoleName(string arn)
    {
        var start = arn.IndexOf(":assumed-role/", StringComparison.Ordinal) + ":assumed-role/".Length;
        var end = arn.IndexOf('/', start);
        return end > start ? arn[start..end] : null;
    }

    private static Dictionary<string, string> TagMap(PrincipalSnapshot snapshot) =>
        snapshot.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.OrdinalIgnoreCase);

    private sealed record CachedPrincipal(long Version, PrincipalPolicies? Policies);
}
