using System.Collections.Concurrent;

namespace SageKeep.Security.Iam.Model;

/// <summary>
/// A policy parsed and validated once: statements hold pre-compiled matchers so evaluating a
/// request never touches JSON. Immutable (apart from its action index) and safe to share between threads.
/// </summary>
public sealed class CompiledPolicy
{
    /// <summary>Distinct actions remembered per policy; a service has a few hundred, so this bounds memory, not hits.</summary>
    private const int MaxIndexedActions = 1024;

    private readonly CompiledStatement[] _statements;

    /// <summary>Action -> the statements whose Action/NotAction element matches it, in document order.</summary>
    private readonly ConcurrentDictionary<string, CompiledStatement[]> _byAction = new(StringComparer.Ordinal);

    internal CompiledPolicy(string policyId, PolicyKind kind, PolicyVersion version, string? id, IReadOnlyList<CompiledStatement> statements)
    {
        PolicyId = policyId;
        Kind = kind;
        Version = version;
        Id = id;
        _statements = [.. statements];
    }

    /// <summary>The caller's name for the policy (ARN, "user/inline-name"...), echoed in decisions.</summary>
    public string PolicyId { get; }

    public PolicyKind Kind { get; }

    public PolicyVersion Version { get; }

    /// <summary>The document's optional Id element.</summary>
    public string? Id { get; }

    public int StatementCount => _statements.Length;

    internal IReadOnlyList<CompiledStatement> Statements => _statements;

    /// <summary>
    /// The statements whose Action (or NotAction) element matches <paramref name="action"/>, in document order.
    /// The answer depends on the action alone, so it is computed once per action and kept: a request then
    /// looks only at statements about its action, with no per-statement action matching.
    /// </summary>
    internal CompiledStatement[] StatementsFor(string action)
    {
        if (_byAction.TryGetValue(action, out var statements))
        {
            return statements;
        }

        var count = 0;
        var matching = new CompiledStatement[_statements.Length];
        for (var s = 0; s < _statements.Length; s++)
        {
            if (_statements[s].Action.Matches(action))
            {
                matching[count++] = _statements[s];
            }
        }

        statements = count == _statements.Length ? _statements : count == 0 ? [] : matching[..count];
        if (_byAction.Count < MaxIndexedActions)
        {
            _byAction.TryAdd(action, statements);
        }

        return statements;
    }
}
