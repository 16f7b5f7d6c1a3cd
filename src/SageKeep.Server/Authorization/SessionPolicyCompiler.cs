using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using SageKeep.Core.Identity;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;

namespace SageKeep.Server.Authorization;

/// <summary>
/// Compiles an assumed-role session's policies (the inline document carried in its token and the managed
/// policies it names) into the session-policy input of the evaluator. Compiled documents are cached by
/// content hash (bounded), so a request does not parse JSON. A document that no longer parses, or a
/// managed policy that no longer exists, contributes a policy that allows nothing (fail closed).
/// </summary>
internal sealed class SessionPolicyCompiler(IManagedPolicySource managed)
{
    private const int Capacity = 4096;
    // A statement no real action matches: as a session policy it leaves every action without an allow.
    private static readonly CompiledPolicy AllowsNothing = PolicyParser.Parse(
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"none:NoAction","Resource":"*"}]}""", PolicyKind.Identity, "missing").Policy
        ?? throw new InvalidOperationException("The empty policy must parse.");

    private readonly ConcurrentDictionary<string, CompiledPolicy> _cache = new(StringComparer.Ordinal);

    /// <summary>Null when the session has no session policies (they then do not limit it).</summary>
    public async ValueTask<IReadOnlyList<CompiledPolicy>?> CompileAsync(RoleSession? role, CancellationToken ct)
    {
        if (role is null || !role.HasSessionPolicies)
        {
            return null;
        }

        var policies = new List<CompiledPolicy>(1 + role.PolicyArns.Count);
        if (role.InlinePolicy is { } inline)
        {
            policies.Add(Compile(inline, "session-policy"));
        }

        foreach (var arn in role.PolicyArns)
        {
            var document = await managed.GetDefaultDocumentAsync(arn, ct).ConfigureAwait(false);
            policies.Add(document is null ? AllowsNothing : Compile(document, arn));
        }

        return policies;
    }

    private CompiledPolicy Compile(string json, string policyId)
    {
        var key = policyId + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var compiled = PolicyParser.Parse(json, PolicyKind.Identity, policyId).Policy ?? AllowsNothing;
        if (_cache.Count >= Capacity)
        {
            _cache.Clear();
        }

        _cache[key] = compiled;
        return compiled;
    }
}
