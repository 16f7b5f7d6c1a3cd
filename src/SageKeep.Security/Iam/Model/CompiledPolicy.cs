namespace SageKeep.Security.Iam.Model;

/// <summary>
/// A policy parsed and validated once: statements hold pre-compiled matchers so evaluating a
/// request never touches JSON. Immutable and safe to share between threads.
/// </summary>
public sealed class CompiledPolicy
{
    internal CompiledPolicy(string policyId, PolicyKind kind, PolicyVersion version, string? id, IReadOnlyList<CompiledStatement> statements)
    {
        PolicyId = policyId;
        Kind = kind;
        Version = version;
        Id = id;
        Statements = statements;
    }

    /// <summary>The caller's name for the policy (ARN, "user/inline-name"...), echoed in decisions.</summary>
    public string PolicyId { get; }

    public PolicyKind Kind { get; }

    public PolicyVersion Version { get; }

    /// <summary>The document's optional Id element.</summary>
    public string? Id { get; }

    public int StatementCount => Statements.Count;

    internal IReadOnlyList<CompiledStatement> Statements { get; }
}
