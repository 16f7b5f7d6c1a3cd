namespace SageKeep.Security.Iam.Model;

/// <summary>Either a compiled policy or the reason the document is malformed; never both.</summary>
public sealed record ParseResult
{
    private ParseResult(CompiledPolicy? policy, MalformedPolicyDocument? error)
    {
        Policy = policy;
        Error = error;
    }

    public CompiledPolicy? Policy { get; }

    public MalformedPolicyDocument? Error { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Policy))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Policy is not null;

    public static ParseResult Success(CompiledPolicy policy) => new(policy, null);

    public static ParseResult Malformed(string message) => new(null, new MalformedPolicyDocument(message));
}
