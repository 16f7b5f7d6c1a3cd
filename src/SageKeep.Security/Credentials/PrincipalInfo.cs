namespace SageKeep.Security.Credentials;

/// <summary>
/// The identity behind an access key, as authorisation and the audit trail need it
/// (the fields of <c>sts:GetCallerIdentity</c> plus the key id).
/// </summary>
public sealed record PrincipalInfo(
    string AccountId,
    string Arn,
    string UserId,
    PrincipalType Type,
    string AccessKeyId);
