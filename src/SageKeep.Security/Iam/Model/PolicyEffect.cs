namespace SageKeep.Security.Iam.Model;

/// <summary>The Effect element of a statement.</summary>
public enum PolicyEffect
{
    Allow,
    Deny,
}
