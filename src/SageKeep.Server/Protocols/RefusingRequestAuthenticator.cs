namespace SageKeep.Server.Protocols;

/// <summary>
/// The authenticator used until a key store and SigV4 verification are registered: no access key is
/// known, so every signed request is refused with the protocol's unknown-key error
/// (<c>UnrecognizedClientException</c>, <c>InvalidClientTokenId</c>, <c>InvalidAccessKeyId</c>).
/// </summary>
internal sealed class RefusingRequestAuthenticator : IRequestAuthenticator
{
    public ValueTask<AuthenticationOutcome> AuthenticateAsync(ApiRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var error = ProtocolErrors.Authentication(request.Protocol, AuthenticationFailure.UnknownAccessKey);
        return ValueTask.FromResult(AuthenticationOutcome.Refused(error));
    }
}
