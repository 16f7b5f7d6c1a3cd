using SageKeep.Core.Identity;
using SageKeep.Security.SigV4;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Auth;

/// <summary>
/// Authenticates API requests with AWS Signature Version 4 against the key store: turns the protocol
/// layer's <see cref="ApiRequest"/> into a <see cref="SigV4Request"/> and a failure into the protocol's
/// AWS error.
/// </summary>
internal sealed class SigV4RequestAuthenticator : IRequestAuthenticator
{
    private readonly SigV4Verifier _verifier;

    public SigV4RequestAuthenticator(SigV4Verifier verifier) => _verifier = verifier;

    public async ValueTask<AuthenticationOutcome> AuthenticateAsync(ApiRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Step 1: the request as received: raw target, every header occurrence, the body (S3 bodies stream,
        // so S3 requests defer to the signed x-amz-content-sha256 value).
        var isS3 = request.Protocol == ProtocolKind.RestXml;
        var headers = new SigV4Headers();
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(name, value ?? string.Empty);
            }
        }

        var payload = isS3 ? SigV4Payload.Deferred : SigV4Payload.FromBody(request.Body);
        var sigV4Request = new SigV4Request(request.Method, request.RawTarget, headers, payload, request.SigningName, isS3);

        // Step 2: verify; Step 3: hand the principal on, or the failure in the protocol's shape.
        var result = await _verifier.VerifyAsync(sigV4Request, ct).ConfigureAwait(false);
        if (result.Authenticated is { } authenticated)
        {
            var principal = authenticated.Principal;
            var caller = new AwsPrincipal(principal.AccountId, principal.Arn, principal.UserId, authenticated.AccessKeyId, authenticated.IsTemporary)
            {
                SessionIssuedAt = authenticated.SessionIssuedAt,
                MultiFactorAuthPresent = authenticated.MultiFactorAuthPresent,
                Role = authenticated.Role,
            };
            return AuthenticationOutcome.Authenticated(caller) with { Signature = authenticated };
        }

        return AuthenticationOutcome.Refused(SigV4ErrorCatalog.ToError(request.Protocol, result));
    }
}
