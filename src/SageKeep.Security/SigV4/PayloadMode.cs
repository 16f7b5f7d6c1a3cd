namespace SageKeep.Security.SigV4;

/// <summary>What the payload hash in the canonical request stood for.</summary>
public enum PayloadMode
{
    /// <summary>SHA-256 of the whole body (checked now, or by S3 against <c>ExpectedPayloadSha256</c>).</summary>
    SignedPayload,

    /// <summary><c>UNSIGNED-PAYLOAD</c> (S3 only; every presigned S3 URL).</summary>
    UnsignedPayload,

    /// <summary><c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c>: aws-chunked body with chunk signatures.</summary>
    StreamingSigned,

    /// <summary><c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER</c>: signed chunks and a signed trailer.</summary>
    StreamingSignedTrailer,

    /// <summary><c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>: unsigned chunks and a trailing checksum.</summary>
    StreamingUnsignedTrailer,
}
