using System.Collections.Concurrent;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.Server.Objects;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// Bucket policies compiled once per bucket and policy version (the version changes with every put or
/// delete), so a request pays for a lookup, not a parse. A stored document that no longer parses compiles
/// to nothing: the bucket then has no resource policy, which can only take permissions away.
/// </summary>
internal sealed class BucketPolicyCache
{
    private readonly ConcurrentDictionary<string, (long Version, CompiledPolicy? Policy)> _compiled = new(StringComparer.Ordinal);

    public CompiledPolicy? For(BucketRecord bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        if (bucket.Policy is null)
        {
            return null;
        }

        if (_compiled.TryGetValue(bucket.Name, out var cached) && cached.Version == bucket.PolicyVersion)
        {
            return cached.Policy;
        }

        var parsed = PolicyParser.Parse(bucket.Policy, PolicyKind.Resource, $"bucket-policy:{bucket.Name}");
        var policy = parsed.IsSuccess ? parsed.Policy : null;
        _compiled[bucket.Name] = (bucket.PolicyVersion, policy);
        return policy;
    }
}
