namespace SageKeep.Server.Protocols;

/// <summary>
/// Decides who signed a request. Called only for requests that carry a signature (an
/// <c>Authorization</c> header or an <c>X-Amz-Credential</c> query parameter); unsigned requests are
/// refused before with the protocol's missing-token error.
/// </summary>
public interface IRequestAuthenticator
{
    ValueTask<AuthenticationOutcome> AuthenticateAsync(ApiRequest request, CancellationToken ct);
}
