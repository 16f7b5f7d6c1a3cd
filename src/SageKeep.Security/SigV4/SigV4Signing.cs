using System.Security.Cryptography;
using System.Text;

namespace SageKeep.Security.SigV4;

/// <summary>
/// The HMAC chain of "Calculate the signature for AWS Signature Version 4":
/// kDate = HMAC("AWS4" + secret, date), kRegion, kService, kSigning = HMAC(kService, "aws4_request").
/// </summary>
internal static class SigV4Signing
{
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
        SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest), hash);
        return string.Concat(SigV4Constants.Algorithm + "\n", amzDate, "\n", scope, "\n", Convert.ToHexStringLower(hash));
    }

    public static byte[] Sign(ReadOnlySpan<byte> signingKey, string stringToSign) =>
        HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign));
}
