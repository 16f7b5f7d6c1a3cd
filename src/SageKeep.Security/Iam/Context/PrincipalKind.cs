namespace SageKeep.Security.Iam.Context;

/// <summary>
/// The caller's kind, as <c>aws:PrincipalType</c> reports it (IAM User Guide, "AWS global condition
/// context keys": Account, User, FederatedUser, AssumedRole, Anonymous) plus service and web-identity
/// principals that only resource-based and trust policies can name.
/// </summary>
public enum PrincipalKind
{
    Root,
    User,
    AssumedRole,
    FederatedUser,
    Service,
    WebIdentity,
    Anonymous,
}
