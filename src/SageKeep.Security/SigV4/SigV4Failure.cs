namespace SageKeep.Security.SigV4;

/// <summary>
/// Why a request was not authenticated. Each value maps to one AWS error per protocol
/// (SageKeep.Server's SigV4ErrorCatalog).
/// </summary>
public enum SigV4Failure
{
    /// <summary>Neither an Authorization header nor presigned query parameters.</summary>
    MissingAuthentication,

    /// <summary>Authorization header present but malformed or incomplete.</summary>
    MalformedAuthorization,

    /// <summary>Presigned query parameters missing or malformed (incl. X-Amz-Expires out of 1..604800).</summary>
    MalformedPresignedQuery,

    /// <summary>Both an Authorization header and presigned query parameters.</summary>
    AmbiguousAuthentication,

    /// <summary>Neither X-Amz-Date nor Date, or unparseable.</summary>
    MissingDate,

    /// <summary>The host header is not among the signed headers.</summary>
    HostNotSigned,

    /// <summary>Algorithm other than AWS4-HMAC-SHA256 and not SigV4a.</summary>
    UnsupportedAlgorithm,

    /// <summary>AWS4-ECDSA-P256-SHA256 (SigV4a) is recognised but not supported.</summary>
    SigV4aNotSupported,

    /// <summary>Credential scope date, region, service or terminator wrong.</summary>
    InvalidCredentialScope,

    /// <summary>Request time outside the allowed clock skew.</summary>
    RequestTimeSkewed,

    /// <summary>Presigned URL past X-Amz-Date + X-Amz-Expires.</summary>
    PresignedUrlExpired,

    /// <summary>Access key id unknown.</summary>
    UnknownAccessKey,

    /// <summary>Access key exists but is inactive.</summary>
    InactiveAccessKey,

    /// <summary>Temporary (ASIA) key without X-Amz-Security-Token.</summary>
    MissingSecurityToken,

    /// <summary>Session token not authentic or not for this key.</summary>
    InvalidSecurityToken,

    /// <summary>Session token expired.</summary>
    ExpiredSecurityToken,

    /// <summary>X-Amz-Content-SHA256 missing (S3 deferred body) or not a value S3 allows.</summary>
    InvalidPayloadHash,

    /// <summary>X-Amz-Content-SHA256 is a hash, but not the body's.</summary>
    PayloadHashMismatch,

    /// <summary>The computed signature differs from the one sent.</summary>
    SignatureDoesNotMatch,
}
