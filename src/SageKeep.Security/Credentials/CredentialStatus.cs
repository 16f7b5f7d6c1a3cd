namespace SageKeep.Security.Credentials;

/// <summary>IAM access key status: inactive keys exist but must be refused.</summary>
public enum CredentialStatus
{
    Active,
    Inactive,
}
