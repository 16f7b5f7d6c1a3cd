using SageKeep.Core.Errors;
using SageKeep.Security.SigV4;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Auth;

/// <summary>
/// Maps a SigV4 failure to the error each protocol's AWS services answer with. The codes per protocol
/// live in <see cref="ProtocolErrors.Authentication"/>; this table only classifies the failure and keeps
/// the verifier's message where AWS puts specifics in it (scope, skew, the canonical request).
/// </summary>
internal static class SigV4ErrorCatalog
{
    public static AwsError ToError(ProtocolKind protocol, SigV4Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var failure = result.Failure ?? SigV4Failure.MissingAuthentication;
        var message = string.IsNullOrEmpty(result.Message) ? null : result.Message;
        return (failure, protocol) switch
        {
            // S3 names these three precisely (S3 API Reference, "Error responses").
            (SigV4Failure.PresignedUrlExpired, ProtocolKind.RestXml) =>
                AwsError.Sender("AccessDenied", message ?? "Request has expired", 403),
            (SigV4Failure.MalformedPresignedQuery, ProtocolKind.RestXml) =>
                AwsError.Sender("AuthorizationQueryParametersError", message ?? "Query-string authentication requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."),
            (SigV4Failure.InvalidPayloadHash, ProtocolKind.RestXml) =>
                AwsError.Sender("XAmzContentSHA256Mismatch", message ?? "The provided 'x-amz-content-sha256' header does not match what was computed."),
            _ => ProtocolErrors.Authentication(protocol, Classify(failure), message),
        };
    }

    private static AuthenticationFailure Classify(SigV4Failure failure) => failure switch
    {
        SigV4Failure.MissingAuthentication => AuthenticationFailure.MissingAuthentication,
        SigV4Failure.UnknownAccessKey or SigV4Failure.InactiveAccessKey => AuthenticationFailure.UnknownAccessKey,
        SigV4Failure.MissingSecurityToken or SigV4Failure.InvalidSecurityToken => AuthenticationFailure.InvalidToken,
        SigV4Failure.ExpiredSecurityToken => AuthenticationFailure.ExpiredToken,
        SigV4Failure.RequestTimeSkewed or SigV4Failure.PresignedUrlExpired => AuthenticationFailure.SignatureExpired,
        // AWS answers a wrong credential scope with the signature-mismatch code and the scope message.
        SigV4Failure.SignatureDoesNotMatch or SigV4Failure.InvalidCredentialScope or SigV4Failure.InvalidPayloadHash => AuthenticationFailure.SignatureMismatch,
        _ => AuthenticationFailure.IncompleteSignature,
    };
}
