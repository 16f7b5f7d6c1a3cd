namespace SageKeep.Security.Iam.Evaluation;

/// <summary>The three outcomes of IAM policy evaluation; the default is the fail-closed one.</summary>
public enum Decision
{
    ImplicitDeny = 0,
    Allowed,
    ExplicitDeny,
}
