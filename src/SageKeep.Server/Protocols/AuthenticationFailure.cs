namespace SageKeep.Server.Protocols;

/// <summary>
/// Why authentication failed, independent of protocol. <see cref="ProtocolErrors.Authentication"/> maps
/// each to the code and status the protocol's AWS services answer with.
/// </summary>
public enum AuthenticationFailure
{
    /// <summary>No Authorization header, no presigned query parameters.</summary>
    MissingAuthentication,

    /// <summary>The access key id is not known.</summary>
    UnknownAccessKey,

    /// <summary>The signature does not match the one computed with the key's secret.</summary>
    SignatureMismatch,

    /// <summary>The request time (X-Amz-Date) is outside the allowed skew, or a presigned URL expired.</summary>
    SignatureExpired,

    /// <summary>The Authorization header or presigned parameters are malformed or incomplete.</summary>
    IncompleteSignature,

    /// <summary>The session token has expired.</summary>
    ExpiredToken,

    /// <summary>The session token is malformed or unknown.</summary>
    InvalidToken,

    /// <summary>Authenticated, but not allowed to perform the action.</summary>
    AccessDenied,
}
