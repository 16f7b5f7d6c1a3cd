using SageKeep.Core.Errors;
using SageKeep.Core.Identity;

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
