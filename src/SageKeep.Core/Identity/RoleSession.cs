namespace SageKeep.Core.Identity;

/// <summary>
/// What an assumed-role session carries besides its credentials (STS AssumeRole): the role, the session
/// name, the source identity, session policies (an inline JSON document and managed policy ARNs, which
/// only narrow the role's permissions) and session tags (<c>aws:PrincipalTag/…</c>). Sessions created by
/// role chaining are marked, because AWS limits them to one hour.
/// </summary>
public sealed record RoleSession(string RoleArn, string RoleId, string SessionName)
{
    private static readonly Dictionary<string, string> NoTags = [];

    public string? SourceIdentity { get; init; }

    /// <summary>The inline session policy (JSON), when one was passed.</summary>
    public string? InlinePolicy { get; init; }

    public IReadOnlyList<string> PolicyArns { get; init; } = [];

    public IReadOnlyDictionary<string, string> Tags { get; init; } = NoTags;

    public bool IsChained { get; init; }

    /// <summary>Whether session policies were passed: only then do they limit the session.</summary>
    public bool HasSessionPolicies => InlinePolicy is not null || PolicyArns.Count > 0;
}
