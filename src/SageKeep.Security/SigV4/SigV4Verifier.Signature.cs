using System.Security.Cryptography;
using SageKeep.Security.Crypto;

namespace SageKeep.Security.SigV4;

/// <summary>
/// Step 11: the signature. The canonical request is hashed as it is written (no string), the string
/// to sign and its HMAC live on the stack, and the compare is constant-time; the strings AWS shows in
/// a SignatureDoesNotMatch error are built only on that failure path.
/// </summary>
public sealed partial class SigV4Verifier
{
    /// <summary>Null when the signature matches (then <paramref name="seedSignature"/> is its hex for streaming payloads).</summary>
    private SigV4Result? CheckSignature(
        SigV4Request request,
        int pathLength,
        List<QueryParameter> query,
        SigV4AuthParameters auth,
        string? payloadHash,
        string amzDate,
        HmacSha256Key signingKey,
        bool streaming,
        out string? seedSignature)
    {
        seedSignature = null;
        var presigned = auth.Presigned;
        var rawPath = request.RawTarget.AsSpan(0, pathLength);
        Span<byte> bodyHash = stackalloc byte[32];
        if (payloadHash is null)
        {
            request.Payload.WriteSha256(bodyHash);
        }

        Span<byte> canonicalHash = stackalloc byte[32];
        Span<byte> computed = stackalloc byte[32];
        SigV4Canonicalizer.HashCanonicalRequest(request, rawPath, query, presigned, auth.SignedHeaders.Span, payloadHash, bodyHash, excludeSecurityToken: false, canonicalHash);
        SigV4Signing.Sign(signingKey, amzDate, _options.Region, request.Service, canonicalHash, computed);
        Span<byte> provided = stackalloc byte[32];
        var wellFormed = TryDecodeSignature(auth.Signature.Span, provided);
        if (!(CryptographicOperations.FixedTimeEquals(computed, provided) && wellFormed))
        {
            // Some signers append X-Amz-Security-Token after signing a presigned URL (the suite's
            // "omit_session_token" cases); the token is still checked against the key in step 12.
            if (!presigned || !wellFormed || SigV4Query.Find(query, SigV4Constants.QuerySecurityToken) is null)
            {
                return Mismatch(request, rawPath, query, auth, payloadHash, amzDate);
            }

            SigV4Canonicalizer.HashCanonicalRequest(request, rawPath, query, presigned, auth.SignedHeaders.Span, payloadHash, bodyHash, excludeSecurityToken: true, canonicalHash);
            SigV4Signing.Sign(signingKey, amzDate, _options.Region, request.Service, canonicalHash, computed);
            if (!CryptographicOperations.FixedTimeEquals(computed, provided))
            {
                return Mismatch(request, rawPath, query, auth, payloadHash, amzDate);
            }
        }

        seedSignature = streaming ? Convert.ToHexStringLower(computed) : null;
        return null;
    }

    private static string Scope(string amzDate, string region, string service) =>
        string.Join('/', amzDate[..8], region, service, SigV4Constants.Terminator);

    /// <summary>The failure path: the canonical request and string to sign as text, for the error AWS shows.</summary>
    private SigV4Result Mismatch(SigV4Request request, ReadOnlySpan<char> rawPath, List<QueryParameter> query, SigV4AuthParameters auth, string? payloadHash, string amzDate)
    {
        var canonicalRequest = BuildCanonicalRequest(request, rawPath, query, auth.Presigned, auth.SignedHeaders.ToString().Split(';'), payloadHash ?? request.Payload.Sha256Hex!);
        return SigV4Result.SignatureMismatch(canonicalRequest, SigV4Signing.StringToSign(amzDate, Scope(amzDate, _options.Region, request.Service), canonicalRequest));
    }

    private static bool IsAnyEmpty(ReadOnlySpan<Range> parts)
    {
        foreach (var part in parts)
        {
            if (part.Start.Value == part.End.Value)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Decodes 64 hex digits; a malformed signature fails as a mismatch (never equal).</summary>
    private static bool TryDecodeSignature(ReadOnlySpan<char> signature, Span<byte> bytes)
    {
        if (signature.Length != 64)
        {
            return false;
        }

        for (var i = 0; i < 32; i++)
        {
            if (!SigV4Encoding.TryHex(signature[2 * i], out var hi) || !SigV4Encoding.TryHex(signature[(2 * i) + 1], out var lo))
            {
                return false;
            }

            bytes[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }
}
