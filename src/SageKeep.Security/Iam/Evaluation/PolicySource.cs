namespace SageKeep.Security.Iam.Evaluation;

/// <summary>Which input a deciding statement came from (for AccessDenied texts and the audit trail).</summary>
public enum PolicySource
{
    Identity,
    PermissionsBoundary,
    Session,
    Resource,
}
