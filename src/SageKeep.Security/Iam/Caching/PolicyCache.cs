using System.Collections.Concurrent;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;

namespace SageKeep.Security.Iam.Caching;

/// <summary>
/// Compiled policies per principal, keyed by (principal ARN, policy-set version), so a request never
/// parses JSON. The IAM store bumps the version whenever anything that feeds a principal's policies
/// changes (policy versions, attachments, group membership, boundary) and may also call
/// <see cref="Invalidate"/>; a stale version is recompiled on the next lookup. Bounded: when
/// <see cref="Capacity"/> principals are cached the cache is emptied rather than grown.
/// </summary>
public sealed class PolicyCache(int capacity = 10_000)
{
    private readonly ConcurrentDictionary<string, CompiledPolicySet> _entries = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count => _entries.Count;

    /// <summary>The cached set when its version matches, else compiles what <paramref name="load"/> returns and caches it.</summary>
    public CompiledPolicySet GetOrCompile(string principalArn, long version, Func<PrincipalPolicyDocuments> load)
    {
        ArgumentNullException.ThrowIfNull(principalArn);
        ArgumentNullException.ThrowIfNull(load);
        if (_entries.TryGetValue(principalArn, out var cached) && cached.Version == version)
        {
            return cached;
        }

        var compiled = Compile(version, load());
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[principalArn] = compiled;
        return compiled;
    }

    /// <summary>Drops the principal's compiled policies; the next lookup recompiles.</summary>
    public void Invalidate(string principalArn)
    {
        ArgumentNullException.ThrowIfNull(principalArn);
        _entries.TryRemove(principalArn, out _);
    }

    /// <summary>Drops everything, e.g. after a managed policy attached to many principals changed.</summary>
    public void Clear() => _entries.Clear();

    private static CompiledPolicySet Compile(long version, PrincipalPolicyDocuments documents)
    {
        var identity = new List<CompiledPolicy>(documents.IdentityPolicies.Count);
        foreach (var document in documents.IdentityPolicies)
        {
            var parsed = PolicyParser.Parse(document.Json, PolicyKind.Identity, document.PolicyId);
            if (!parsed.IsSuccess)
            {
                return Failed(version, document, parsed.Error);
            }

            identity.Add(parsed.Policy);
        }

        CompiledPolicy? boundary = null;
        if (documents.PermissionsBoundary is { } boundaryDocument)
        {
            var parsed = PolicyParser.Parse(boundaryDocument.Json, PolicyKind.Identity, boundaryDocument.PolicyId);
            if (!parsed.IsSuccess)
            {
                return Failed(version, boundaryDocument, parsed.Error);
            }

            boundary = parsed.Policy;
        }

        return new CompiledPolicySet(version, identity, boundary, null);
    }

    private static CompiledPolicySet Failed(long version, PolicyDocument document, MalformedPolicyDocument error) =>
        new(version, [], null, new MalformedPolicyDocument($"{document.PolicyId}: {error.Message}"));
}
