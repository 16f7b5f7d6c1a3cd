namespace SageKeep.Security.Credentials;

/// <summary>What kind of IAM principal an access key belongs to.</summary>
public enum PrincipalType
{
    Root,
    User,
    AssumedRole,
}
