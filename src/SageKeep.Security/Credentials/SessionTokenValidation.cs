namespace SageKeep.Security.Credentials;

/// <summary>
/// Result of <see cref="ISessionTokenValidator.ValidateAsync"/>. Fails closed: only
/// <see cref="SessionTokenStatus.Valid"/> lets a request through.
/// </summary>
public sealed record SessionTokenValidation(SessionTokenStatus Status, DateTimeOffset? IssuedAt, bool MultiFactorAuthPresent)
{
    public static SessionTokenValidation Invalid { get; } = new(SessionTokenStatus.Invalid, null, false);

    public static SessionTokenValidation Expired { get; } = new(SessionTokenStatus.Expired, null, false);

    public static SessionTokenValidation Valid(DateTimeOffset issuedAt, bool multiFactorAuthPresent) =>
        new(SessionTokenStatus.Valid, issuedAt, multiFactorAuthPresent);
}
