namespace SageKeep.Security.SigV4;

/// <summary>Which payload hash goes into the canonical request.</summary>
public sealed partial class SigV4Verifier
{
    /// <summary>
    /// Non-S3 services: the SHA-256 of the raw body, always. S3: the X-Amz-Content-SHA256 value
    /// ("Signature Calculations for the Authorization Header", S3 API Reference): a hex hash (checked
    /// against the body now, or later by S3 when the body is deferred), UNSIGNED-PAYLOAD, or a
    /// streaming mode; presigned S3 URLs sign UNSIGNED-PAYLOAD.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="presigned">Presigned URL.</param>
    /// <param name="payloadHash">The payload line of the canonical request; null when it is the body's SHA-256.</param>
    /// <param name="mode">How the payload is covered.</param>
    /// <param name="expectedSha256">The hash a deferred body must have.</param>
    private static SigV4Result? ResolvePayload(SigV4Request request, bool presigned, out string? payloadHash, out PayloadMode mode, out string? expectedSha256)
    {
        expectedSha256 = null;
        mode = PayloadMode.SignedPayload;
        payloadHash = null;
        if (!request.IsS3)
        {
            return null;
        }

        if (presigned)
        {
            payloadHash = SigV4Constants.UnsignedPayload;
            mode = PayloadMode.UnsignedPayload;
            return null;
        }

        var declared = request.Headers.GetFirst(SigV4Constants.HeaderContentSha256)?.Trim();
        switch (declared)
        {
            case null when request.Payload.IsDeferred:
                return SigV4Result.Fail(SigV4Failure.InvalidPayloadHash, "Missing required header for this request: x-amz-content-sha256");
            case null:
                return null;
            case SigV4Constants.UnsignedPayload:
                mode = PayloadMode.UnsignedPayload;
                break;
            case SigV4Constants.StreamingSigned:
                mode = PayloadMode.StreamingSigned;
                break;
            case SigV4Constants.StreamingSignedTrailer:
                mode = PayloadMode.StreamingSignedTrailer;
                break;
            case SigV4Constants.StreamingUnsignedTrailer:
                mode = PayloadMode.StreamingUnsignedTrailer;
                break;
            default:
                if (declared.StartsWith(SigV4Constants.StreamingSigV4aPrefix, StringComparison.Ordinal))
                {
                    return SigV4Result.Fail(SigV4Failure.SigV4aNotSupported, "Signature Version 4A streaming payloads are not supported; sign with AWS4-HMAC-SHA256.");
                }

                if (!SigV4Payload.IsSha256Hex(declared))
                {
                    return SigV4Result.Fail(SigV4Failure.InvalidPayloadHash, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.");
                }

                if (request.Payload.IsDeferred)
                {
                    expectedSha256 = declared;
                }
                else if (!string.Equals(declared, request.Payload.Sha256Hex, StringComparison.Ordinal))
                {
                    return SigV4Result.Fail(SigV4Failure.PayloadHashMismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.");
                }

                break;
        }

        payloadHash = declared;
        return null;
    }
}
