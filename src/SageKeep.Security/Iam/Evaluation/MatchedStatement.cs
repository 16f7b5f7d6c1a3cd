using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Evaluation;

/// <summary>The statement that decided: its policy, Sid (if any) and zero-based index.</summary>
public sealed record MatchedStatement(string PolicyId, PolicySource Source, string? Sid, int Index, PolicyEffect Effect);
