namespace SageKeep.Security.Sts;

/// <summary>
/// Temporary credentials as STS hands them out (<c>Credentials</c> in the GetSessionToken response).
/// Secret and token never appear in <see cref="ToString"/>.
/// </summary>
public sealed record IssuedSessionCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    public override string ToString() =>
        $"IssuedSessionCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:O}, SecretAccessKey = ***, SessionToken = *** }}";
}
