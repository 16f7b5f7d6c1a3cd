namespace SageKeep.Security.Credentials;

/// <summary>
/// Result of <see cref="ISessionTokenValidator.ValidateAsync"/>. Fails closed: only
/// <see cref="SessionTokenStatus.Valid"/> lets a request through. A self-contained token also carries
/// the temporary key's <see cref="Credential"/>, which the verifier then uses instead of the key store.
/// </summary>
public sealed record SessionTokenValidation(SessionTokenStatus Status, DateTimeOffset? IssuedAt, bool MultiFactorAuthPresent)
{
    public static SessionTokenValidation Invalid { get; } = new(SessionTokenStatus.Invalid, null, false);

    public static SessionTokenValidation Expired { get; } = new(SessionTokenStatus.Expired, null, false);

    /// <summary>The secret and identity of the temporary key (Valid only; null when the key store holds them).</summary>
    public SessionCredential? Credential { get; init; }

    public static SessionTokenValidation Valid(DateTimeOffset issuedAt, bool multiFactorAuthPresent) =>
        new(SessionTokenStatus.Valid, issuedAt, multiFactorAuthPresent);

    public static SessionTokenValidation Valid(DateTimeOffset issuedAt, bool multiFactorAuthPresent, SessionCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new(SessionTokenStatus.Valid, issuedAt, multiFactorAuthPresent) { Credential = credential };
    }
}
