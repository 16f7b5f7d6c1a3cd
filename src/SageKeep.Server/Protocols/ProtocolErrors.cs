using System.Globalization;
using SageKeep.Core.Errors;

namespace SageKeep.Server.Protocols;

/// <summary>
/// The errors this layer answers with, as each protocol's AWS services spell them. One place maps
/// protocol-neutral failures to codes and HTTP statuses; the writers only render them.
/// Sources: AWS "Common Errors" pages of the IAM, STS, EC2 and SageMaker API references, and the S3
/// "Error responses" list.
/// </summary>
public static class ProtocolErrors
{
    private const string MismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private const string S3MismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.";

    private const string InvalidTokenMessage = "The security token included in the request is invalid.";

    private const string ExpiredTokenMessage = "The security token included in the request is expired";

    /// <summary>
    /// The error for an authentication failure in <paramref name="protocol"/>. <paramref name="detail"/>
    /// replaces the default message where AWS puts specifics there (e.g. <c>Signature expired: ...</c> is
    /// built by the caller; incomplete-signature messages name the missing part).
    /// </summary>
    public static AwsError Authentication(ProtocolKind protocol, AuthenticationFailure failure, string? detail = null) =>
        protocol switch
        {
            ProtocolKind.AwsJson or ProtocolKind.RestJson => JsonAuthentication(failure, detail),
            ProtocolKind.AwsQuery => QueryAuthentication(failure, detail),
            ProtocolKind.Ec2Query => Ec2Authentication(failure, detail),
            ProtocolKind.RestXml => S3Authentication(failure, detail),
            _ => AwsError.Sender(failure == AuthenticationFailure.AccessDenied ? "DENIED" : "UNAUTHORIZED", detail ?? "authentication required", failure == AuthenticationFailure.AccessDenied ? 403 : 401),
        };

    /// <summary>The answer to an unknown X-Amz-Target operation or query Action.</summary>
    public static AwsError UnknownOperation(ProtocolKind protocol, string operation, string? version) => protocol switch
    {
        ProtocolKind.AwsQuery or ProtocolKind.Ec2Query =>
            AwsError.Sender("InvalidAction", $"Could not find operation {operation} for version {version ?? "NO_VERSION_SPECIFIED"}"),
        ProtocolKind.RestXml => AwsError.Sender("MethodNotAllowed", "The specified method is not allowed against this resource.", 405),
        ProtocolKind.RestJson => AwsError.Sender("UnknownOperationException", $"The operation {operation} is not known.", 404),
        _ => AwsError.Sender("UnknownOperationException", $"The operation {operation} is not known to this service."),
    };

    /// <summary>An operation that exists in the AWS model but has no handler in this server.</summary>
    public static AwsError NotImplemented(ProtocolKind protocol, string service, string operation)
    {
        var message = $"The operation {operation} of {service} is not supported by this server.";
        return protocol switch
        {
            ProtocolKind.AwsQuery or ProtocolKind.Ec2Query => AwsError.Sender("InvalidAction", message),
            // S3's own code for unsupported functionality; 501 is not retried by AWS clients.
            ProtocolKind.RestXml => AwsError.Sender("NotImplemented", message, 501),
            _ => AwsError.Sender("UnknownOperationException", message),
        };
    }

    /// <summary>A body or parameter set that could not be read (malformed JSON, wrong JSON types, bad form).</summary>
    public static AwsError Serialization(ProtocolKind protocol, string message) => protocol switch
    {
        ProtocolKind.AwsQuery => AwsError.Sender("MalformedInput", message),
        ProtocolKind.Ec2Query => AwsError.Sender("InvalidParameterValue", message),
        ProtocolKind.RestXml => AwsError.Sender("MalformedXML", message),
        _ => AwsError.Sender("SerializationException", message),
    };

    /// <summary>
    /// A body larger than <paramref name="limitBytes"/>: HTTP 413 (S3 answers <c>EntityTooLarge</c> with
    /// 400, as AWS does for oversized uploads).
    /// </summary>
    public static AwsError TooLarge(ProtocolKind protocol, long limitBytes)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"The request body exceeds the maximum allowed size of {limitBytes} bytes.");
        return protocol == ProtocolKind.RestXml
            ? AwsError.Sender("EntityTooLarge", message, 400)
            : AwsError.Sender("RequestEntityTooLarge", message, 413);
    }

    /// <summary>An unexpected server fault; the message carries only the request id.</summary>
    public static AwsError Internal(ProtocolKind protocol, string requestId)
    {
        var message = $"An internal error occurred. Request id: {requestId}";
        return protocol switch
        {
            ProtocolKind.RestXml => AwsError.Receiver("InternalError", message),
            ProtocolKind.Ec2Query => AwsError.Receiver("InternalError", message),
            _ => AwsError.Receiver("InternalFailure", message),
        };
    }

    /// <summary>
    /// The error for input that breaks the service model's constraints: the service's own code where it has one (ECR
    /// answers a repository name outside its pattern, for one, as <c>InvalidParameterException</c>), else the protocol's.
    /// </summary>
    public static AwsError InputValidation(string serviceName, ProtocolKind protocol, string message) =>
        serviceName == "ecr" ? AwsError.Sender("InvalidParameterException", message) : Validation(protocol, message);

    /// <summary>The protocol's validation error code: <c>ValidationException</c> (JSON), <c>ValidationError</c> (query, SageMaker Runtime).</summary>
    public static AwsError Validation(ProtocolKind protocol, string message) => protocol switch
    {
        ProtocolKind.AwsQuery or ProtocolKind.RestJson => AwsError.Sender("ValidationError", message),
        ProtocolKind.Ec2Query => AwsError.Sender("InvalidParameterValue", message),
        ProtocolKind.RestXml => AwsError.Sender("InvalidArgument", message),
        _ => AwsError.Sender("ValidationException", message),
    };

    private static AwsError JsonAuthentication(AuthenticationFailure failure, string? detail) => failure switch
    {
        AuthenticationFailure.MissingAuthentication => AwsError.Sender("MissingAuthenticationTokenException", detail ?? "Missing Authentication Token", 403),
        AuthenticationFailure.UnknownAccessKey or AuthenticationFailure.InvalidToken => AwsError.Sender("UnrecognizedClientException", detail ?? InvalidTokenMessage),
        AuthenticationFailure.SignatureMismatch => AwsError.Sender("InvalidSignatureException", detail ?? MismatchMessage),
        AuthenticationFailure.SignatureExpired => AwsError.Sender("InvalidSignatureException", detail ?? "Signature expired."),
        AuthenticationFailure.IncompleteSignature => AwsError.Sender("IncompleteSignatureException", detail ?? "The request signature does not conform to AWS standards."),
        AuthenticationFailure.ExpiredToken => AwsError.Sender("ExpiredTokenException", detail ?? ExpiredTokenMessage),
        _ => AwsError.Sender("AccessDeniedException", detail ?? "You are not authorized to perform this operation."),
    };

    private static AwsError QueryAuthentication(AuthenticationFailure failure, string? detail) => failure switch
    {
        AuthenticationFailure.MissingAuthentication => AwsError.Sender("MissingAuthenticationToken", detail ?? "Request is missing Authentication Token", 403),
        AuthenticationFailure.UnknownAccessKey or AuthenticationFailure.InvalidToken => AwsError.Sender("InvalidClientTokenId", detail ?? InvalidTokenMessage, 403),
        AuthenticationFailure.SignatureMismatch => AwsError.Sender("SignatureDoesNotMatch", detail ?? MismatchMessage, 403),
        AuthenticationFailure.SignatureExpired => AwsError.Sender("SignatureDoesNotMatch", detail ?? "Signature expired.", 403),
        AuthenticationFailure.IncompleteSignature => AwsError.Sender("IncompleteSignature", detail ?? "The request signature does not conform to AWS standards."),
        AuthenticationFailure.ExpiredToken => AwsError.Sender("ExpiredToken", detail ?? ExpiredTokenMessage, 403),
        _ => AwsError.Sender("AccessDenied", detail ?? "You are not authorized to perform this operation.", 403),
    };

    private static AwsError Ec2Authentication(AuthenticationFailure failure, string? detail) => failure switch
    {
        AuthenticationFailure.MissingAuthentication => AwsError.Sender("MissingAuthenticationToken", detail ?? "Request is missing Authentication Token", 403),
        AuthenticationFailure.UnknownAccessKey or AuthenticationFailure.InvalidToken or AuthenticationFailure.ExpiredToken =>
            AwsError.Sender("AuthFailure", detail ?? "AWS was not able to validate the provided access credentials", 401),
        AuthenticationFailure.SignatureMismatch => AwsError.Sender("SignatureDoesNotMatch", detail ?? MismatchMessage, 403),
        AuthenticationFailure.SignatureExpired => AwsError.Sender("RequestExpired", detail ?? "Request has expired."),
        AuthenticationFailure.IncompleteSignature => AwsError.Sender("IncompleteSignature", detail ?? "The request signature does not conform to AWS standards."),
        _ => AwsError.Sender("UnauthorizedOperation", detail ?? "You are not authorized to perform this operation.", 403),
    };

    private static AwsError S3Authentication(AuthenticationFailure failure, string? detail) => failure switch
    {
        AuthenticationFailure.MissingAuthentication => AwsError.Sender("AccessDenied", detail ?? "Access Denied", 403),
        AuthenticationFailure.UnknownAccessKey => AwsError.Sender("InvalidAccessKeyId", detail ?? "The AWS Access Key Id you provided does not exist in our records.", 403),
        AuthenticationFailure.SignatureMismatch => AwsError.Sender("SignatureDoesNotMatch", detail ?? S3MismatchMessage, 403),
        AuthenticationFailure.SignatureExpired => AwsError.Sender("RequestTimeTooSkewed", detail ?? "The difference between the request time and the current time is too large.", 403),
        AuthenticationFailure.IncompleteSignature => AwsError.Sender("AuthorizationHeaderMalformed", detail ?? "The authorization header is malformed.", 400),
        AuthenticationFailure.ExpiredToken => AwsError.Sender("ExpiredToken", detail ?? "The provided token has expired."),
        AuthenticationFailure.InvalidToken => AwsError.Sender("InvalidToken", detail ?? "The provided token is malformed or otherwise invalid."),
        _ => AwsError.Sender("AccessDenied", detail ?? "Access Denied", 403),
    };
}
