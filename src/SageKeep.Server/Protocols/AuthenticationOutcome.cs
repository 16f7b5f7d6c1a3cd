using SageKeep.Core.Errors;
using SageKeep.Core.Identity;
using SageKeep.Security.SigV4;

namespace SageKeep.Server.Protocols;

/// <summary>
/// The result of authenticating one request: exactly one of <see cref="Principal"/> or
/// <see cref="Error"/>. The default value is neither and is treated as a refusal (fail closed).
/// </summary>
public readonly record struct AuthenticationOutcome
{
    private AuthenticationOutcome(AwsPrincipal? principal, AwsError? error)
    {
        Principal = principal;
        Error = error;
    }

    public AwsPrincipal? Principal { get; }

    public AwsError? Error { get; }

    /// <summary>
    /// The SigV4 details of a successful authentication: S3 handlers need the signed payload hash
    /// (<see cref="SigV4Authenticated.ExpectedPayloadSha256"/>) or the chunk-signing context to verify a
    /// streamed body.
    /// </summary>
    public SigV4Authenticated? Signature { get; init; }

    public bool Succeeded => Principal is not null && Error is null;

    public static AuthenticationOutcome Authenticated(AwsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return new(principal, null);
    }

    /// <summary>A refusal; build <paramref name="error"/> with <see cref="ProtocolErrors.Authentication"/> so it has the protocol's code.</summary>
    public static AuthenticationOutcome Refused(AwsError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }
}
