namespace SageKeep.Security.SigV4;

/// <summary>Names and literals of Signature Version 4.</summary>
internal static class SigV4Constants
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string AlgorithmSigV4a = "AWS4-ECDSA-P256-SHA256";
    public const string Terminator = "aws4_request";
    public const string QueryAlgorithm = "X-Amz-Algorithm";
    public const string QueryCredential = "X-Amz-Credential";
    public const string QueryDate = "X-Amz-Date";
    public const string QueryExpires = "X-Amz-Expires";
    public const string QuerySignedHeaders = "X-Amz-SignedHeaders";
    public const string QuerySignature = "X-Amz-Signature";
    public const string QuerySecurityToken = "X-Amz-Security-Token";
    public const string HeaderDate = "x-amz-date";
    public const string HeaderSecurityToken = "x-amz-security-token";
    public const string HeaderContentSha256 = "x-amz-content-sha256";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string StreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public const string StreamingSignedTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public const string StreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    public const string StreamingSigV4aPrefix = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
    public const int MaxExpiresSeconds = 604800;
    public const int MaxAuthorizationLength = 16384;
    public const int MaxRawTargetLength = 65536;
    public const int MaxSignedHeaders = 128;
}
