namespace SageKeep.Security.Credentials;

/// <summary>Outcome of checking an <c>X-Amz-Security-Token</c> against a temporary access key.</summary>
public enum SessionTokenStatus
{
    Valid,
    Invalid,
    Expired,
}
