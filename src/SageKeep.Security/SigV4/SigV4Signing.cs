using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using SageKeep.Security.Crypto;

namespace SageKeep.Security.SigV4;

/// <summary>
/// The HMAC chain of "Calculate the signature for AWS Signature Version 4":
/// kDate = HMAC("AWS4" + secret, date), kRegion, kService, kSigning = HMAC(kService, "aws4_request").
/// </summary>
internal static class SigV4Signing
{
    private const string LowerHex = "0123456789abcdef";

    public static byte[] DeriveSigningKey(string secretAccessKey, string date, string region, string service)
    {
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        try
        {
            Span<byte> key = stackalloc byte[32];
            HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(date), key);
            HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region), key);
            HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service), key);
            var signing = new byte[32];
            HMACSHA256.HashData(key, "aws4_request"u8, signing);
            CryptographicOperations.ZeroMemory(key);
            return signing;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary><c>AWS4-HMAC-SHA256\n&lt;amzDate&gt;\n&lt;scope&gt;\n&lt;hex(SHA-256(canonical request))&gt;</c>.</summary>
    public static string StringToSign(string amzDate, string scope, string canonicalRequest)
    {
        Span<byte> hash = stackalloc byte[32];
        var length = Encoding.UTF8.GetMaxByteCount(canonicalRequest.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(canonicalRequest, rented);
            SHA256.HashData(rented.AsSpan(0, written), hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return string.Concat(SigV4Constants.Algorithm + "\n", amzDate, "\n", scope, "\n", Convert.ToHexStringLower(hash));
    }

    /// <summary>
    /// The signature of a canonical request given by its hash: HMAC over
    /// <c>AWS4-HMAC-SHA256\n&lt;amzDate&gt;\n&lt;date&gt;/&lt;region&gt;/&lt;service&gt;/aws4_request\n&lt;hex(hash)&gt;</c>,
    /// the same bytes as <see cref="StringToSign"/> makes, written into a stack buffer.
    /// </summary>
    // The buffer is written before it is read: no need to zero it first.
    [SkipLocalsInit]
    public static void Sign(HmacSha256Key signingKey, string amzDate, string region, string service, ReadOnlySpan<byte> canonicalRequestHash, Span<byte> signature)
    {
        var max = 128 + Encoding.UTF8.GetMaxByteCount(amzDate.Length + region.Length + service.Length);
        byte[]? rented = null;
        var buffer = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Append(buffer, 0, SigV4Constants.Algorithm + "\n");
            n = Append(buffer, n, amzDate);
            buffer[n++] = (byte)'\n';
            n = Append(buffer, n, amzDate.AsSpan(0, 8));
            buffer[n++] = (byte)'/';
            n = Append(buffer, n, region);
            buffer[n++] = (byte)'/';
            n = Append(buffer, n, service);
            n = Append(buffer, n, "/" + SigV4Constants.Terminator + "\n");
            foreach (var b in canonicalRequestHash)
            {
                buffer[n++] = (byte)LowerHex[b >> 4];
                buffer[n++] = (byte)LowerHex[b & 0xF];
            }

            signingKey.Compute(buffer[..n], signature);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int Append(Span<byte> buffer, int at, ReadOnlySpan<char> text) =>
        at + Encoding.UTF8.GetBytes(text, buffer[at..]);

    public static byte[] Sign(ReadOnlySpan<byte> signingKey, string stringToSign)
    {
        var signature = new byte[32];
        Sign(signingKey, stringToSign, signature);
        return signature;
    }

    /// <summary>HMAC-SHA256 of the string to sign into <paramref name="signature"/> (32 bytes), without heap buffers for short strings.</summary>
    public static void Sign(ReadOnlySpan<byte> signingKey, string stringToSign, Span<byte> signature)
    {
        var max = Encoding.UTF8.GetMaxByteCount(stringToSign.Length);
        byte[]? rented = null;
        var buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var written = Encoding.UTF8.GetBytes(stringToSign, buffer);
            HMACSHA256.HashData(signingKey, buffer[..written], signature);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
