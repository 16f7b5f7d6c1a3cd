using System.Collections.Frozen;
using SageKeep.Core.Errors;
using SageKeep.Security.SigV4;
using SageKeep.Security.SigV4.Chunked;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Auth;

/// <summary>
/// The one place where authentication failures become AWS errors, per protocol: awsJson
/// (<c>__type</c> codes such as SageMaker's), awsQuery (STS, IAM: <c>&lt;Error&gt;&lt;Code&gt;</c>) and S3
/// (REST-XML). Codes and HTTP statuses are the ones AWS answers with; a null message means "use
/// the verifier's message" (which carries the details, e.g. the canonical request of a mismatch).
/// Every status is 4xx: the aws CLI retries 5xx, and these are client mistakes.
/// </summary>
public static class SigV4ErrorCatalog
{
    private const string InvalidToken = "The security token included in the request is invalid.";
    private const string S3SignatureMismatch = "The request signature we calculated does not match the signature you provided. Check your key and signing method.";
    private const string S3UnknownKey = "The AWS Access Key Id you provided does not exist in our records.";

    private static readonly FrozenDictionary<SigV4Failure, Entry> Failures = new Dictionary<SigV4Failure, Entry>
    {
        [SigV4Failure.MissingAuthentication] = new(
            new("MissingAuthenticationTokenException", 403, "Missing Authentication Token"),
            new("MissingAuthenticationToken", 403, "Request is missing Authentication Token"),
            new("AccessDenied", 403, "Access Denied")),
        [SigV4Failure.MalformedAuthorization] = new(
            new("IncompleteSignatureException", 400, null),
            new("IncompleteSignature", 400, null),
            new("AuthorizationHeaderMalformed", 400, null)),
        [SigV4Failure.MalformedPresignedQuery] = new(
            new("IncompleteSignatureException", 400, null),
            new("IncompleteSignature", 400, null),
            new("AuthorizationQueryParametersError", 400, null)),
        [SigV4Failure.AmbiguousAuthentication] = new(
            new("IncompleteSignatureException", 400, null),
            new("IncompleteSignature", 400, null),
            new("InvalidArgument", 400, null)),
        [SigV4Failure.MissingDate] = new(
            new("IncompleteSignatureException", 400, null),
            new("IncompleteSignature", 400, null),
            new("AccessDenied", 403, "AWS authentication requires a valid Date or x-amz-date header")),
        [SigV4Failure.HostNotSigned] = new(
            new("IncompleteSignatureException", 400, null),
            new("IncompleteSignature", 400, null),
            new("AccessDenied", 403, null)),
        [SigV4Failure.UnsupportedAlgorithm] = new(
            new("IncompleteSignatureException", 400, null),
            new("IncompleteSignature", 400, null),
            new("InvalidArgument", 400, "Unsupported Authorization Type")),
        [SigV4Failure.SigV4aNotSupported] = new(
            new("IncompleteSignatureException", 400, null),
            new("IncompleteSignature", 400, null),
            new("InvalidRequest", 400, null)),
        [SigV4Failure.InvalidCredentialScope] = new(
            new("InvalidSignatureException", 403, null),
            new("SignatureDoesNotMatch", 403, null),
            new("AuthorizationHeaderMalformed", 400, null)),
        [SigV4Failure.RequestTimeSkewed] = new(
            new("InvalidSignatureException", 403, null),
            new("SignatureDoesNotMatch", 403, null),
            new("RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large.")),
        [SigV4Failure.PresignedUrlExpired] = new(
            new("InvalidSignatureException", 403, null),
            new("RequestExpired", 400, "Request has expired."),
            new("AccessDenied", 403, "Request has expired")),
        [SigV4Failure.UnknownAccessKey] = new(
            new("UnrecognizedClientException", 403, InvalidToken),
            new("InvalidClientTokenId", 403, InvalidToken),
            new("InvalidAccessKeyId", 403, S3UnknownKey)),
        [SigV4Failure.InactiveAccessKey] = new(
            new("UnrecognizedClientException", 403, InvalidToken),
            new("InvalidClientTokenId", 403, InvalidToken),
            new("InvalidAccessKeyId", 403, S3UnknownKey)),
        [SigV4Failure.MissingSecurityToken] = new(
            new("UnrecognizedClientException", 403, InvalidToken),
            new("InvalidClientTokenId", 403, InvalidToken),
            new("InvalidToken", 400, "The provided token is malformed or otherwise invalid.")),
        [SigV4Failure.InvalidSecurityToken] = new(
            new("UnrecognizedClientException", 403, InvalidToken),
            new("InvalidClientTokenId", 403, InvalidToken),
            new("InvalidToken", 400, "The provided token is malformed or otherwise invalid.")),
        [SigV4Failure.ExpiredSecurityToken] = new(
            new("ExpiredTokenException", 403, "The security token included in the request is expired"),
            new("ExpiredToken", 403, "The security token included in the request is expired"),
            new("ExpiredToken", 400, "The provided token has expired.")),
        [SigV4Failure.InvalidPayloadHash] = new(
            new("InvalidSignatureException", 403, null),
            new("SignatureDoesNotMatch", 403, null),
            new("InvalidRequest", 400, null)),
        [SigV4Failure.PayloadHashMismatch] = new(
            new("InvalidSignatureException", 403, null),
            new("SignatureDoesNotMatch", 403, null),
            new("XAmzContentSHA256Mismatch", 400, null)),
        [SigV4Failure.SignatureDoesNotMatch] = new(
            new("InvalidSignatureException", 403, null),
            new("SignatureDoesNotMatch", 403, null),
            new("SignatureDoesNotMatch", 403, S3SignatureMismatch)),
    }.ToFrozenDictionary();

    /// <summary>aws-chunked body failures; these only occur on S3 uploads.</summary>
    private static readonly FrozenDictionary<AwsChunkedFailure, ProtocolError> ChunkedFailures = new Dictionary<AwsChunkedFailure, ProtocolError>
    {
        [AwsChunkedFailure.MalformedChunk] = new("InvalidRequest", 400, null),
        [AwsChunkedFailure.LineTooLong] = new("InvalidRequest", 400, null),
        [AwsChunkedFailure.ChunkTooLarge] = new("InvalidRequest", 400, null),
        [AwsChunkedFailure.IncompleteBody] = new("IncompleteBody", 400, "You did not provide the number of bytes specified by the Content-Length HTTP header."),
        [AwsChunkedFailure.TrailingData] = new("InvalidRequest", 400, null),
        [AwsChunkedFailure.DecodedLengthMismatch] = new("IncompleteBody", 400, null),
        [AwsChunkedFailure.ChunkSignatureMissing] = new("SignatureDoesNotMatch", 403, null),
        [AwsChunkedFailure.ChunkSignatureDoesNotMatch] = new("SignatureDoesNotMatch", 403, S3SignatureMismatch),
        [AwsChunkedFailure.TrailerSignatureMissing] = new("SignatureDoesNotMatch", 403, null),
        [AwsChunkedFailure.TrailerSignatureDoesNotMatch] = new("SignatureDoesNotMatch", 403, S3SignatureMismatch),
        [AwsChunkedFailure.UnexpectedTrailer] = new("MalformedTrailerError", 400, "The request contained trailing data that was not well-formed or did not conform to our published schema."),
        [AwsChunkedFailure.MissingTrailer] = new("MalformedTrailerError", 400, "The request contained trailing data that was not well-formed or did not conform to our published schema."),
        [AwsChunkedFailure.ChecksumMismatch] = new("BadDigest", 400, null),
    }.ToFrozenDictionary();

    /// <summary>The errors for one verifier failure in each protocol.</summary>
    public static Entry For(SigV4Failure failure) =>
        Failures.TryGetValue(failure, out var entry)
            ? entry
            : throw new ArgumentOutOfRangeException(nameof(failure), failure, "No AWS error is mapped for this failure.");

    /// <summary>The S3 error for an aws-chunked body failure.</summary>
    public static ProtocolError For(AwsChunkedFailure failure) =>
        ChunkedFailures.TryGetValue(failure, out var error)
            ? error
            : throw new ArgumentOutOfRangeException(nameof(failure), failure, "No AWS error is mapped for this failure.");

    /// <summary>One protocol's error: code, HTTP status, and a fixed message or null for the verifier's.</summary>
    public sealed record ProtocolError(string Code, int HttpStatus, string? FixedMessage)
    {
        public string MessageFor(string verifierMessage) => FixedMessage ?? verifierMessage;
    }

    /// <summary>The same failure as awsJson (and restJson), awsQuery and S3 errors.</summary>
    public sealed record Entry(ProtocolError Json, ProtocolError Query, ProtocolError S3)
    {
        /// <summary>
        /// The error for <paramref name="protocol"/>. EC2 speaks the query protocol but reports unknown
        /// keys and bad tokens as <c>AuthFailure</c> (EC2 API reference, "Common client error codes").
        /// </summary>
        public ProtocolError For(ProtocolKind protocol) => protocol switch
        {
            ProtocolKind.Ec2Query when Query.Code is "InvalidClientTokenId" or "ExpiredToken" => Ec2AuthFailure,
            ProtocolKind.AwsQuery or ProtocolKind.Ec2Query => Query,
            ProtocolKind.RestXml => S3,
            _ => Json,
        };
    }

    private static readonly ProtocolError Ec2AuthFailure = new("AuthFailure", 401, "AWS was not able to validate the provided access credentials");

    /// <summary>The AWS error for a failed verification in <paramref name="protocol"/>.</summary>
    public static AwsError ToError(ProtocolKind protocol, SigV4Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var error = For(result.Failure ?? SigV4Failure.MissingAuthentication).For(protocol);
        return AwsError.Sender(error.Code, error.MessageFor(result.Message), error.HttpStatus);
    }
}
