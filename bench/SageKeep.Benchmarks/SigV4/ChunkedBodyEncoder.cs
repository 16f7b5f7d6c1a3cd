using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace SageKeep.Benchmarks.SigV4;

/// <summary>Writes aws-chunked bodies (signed chunks, or unsigned with a CRC32 trailer) for the benchmarks.</summary>
internal static class ChunkedBodyEncoder
{
    public static byte[] Signed(byte[] data, int chunkSize, byte[] signingKey, string amzDate, string scope, string seedSignature)
    {
        var output = new MemoryStream();
        var previous = seedSignature;
        for (var offset = 0; ; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, data.Length - offset);
            var chunk = data.AsSpan(offset, length);
            var stringToSign = $"AWS4-HMAC-SHA256-PAYLOAD\n{amzDate}\n{scope}\n{previous}\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n{Convert.ToHexStringLower(SHA256.HashData(chunk))}";
            previous = Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
            output.Write(Encoding.ASCII.GetBytes($"{length:x};chunk-signature={previous}\r\n"));
            output.Write(chunk);
            output.Write("\r\n"u8);
            if (length == 0)
            {
                return output.ToArray();
            }
        }
    }

    public static byte[] UnsignedWithCrc32(byte[] data, int chunkSize)
    {
        var output = new MemoryStream();
        for (var offset = 0; offset < data.Length; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, data.Length - offset);
            output.Write(Encoding.ASCII.GetBytes($"{length:x}\r\n"));
            output.Write(data.AsSpan(offset, length));
            output.Write("\r\n"u8);
        }

        var crc = Crc32.HashToUInt32(data);
        var crcBytes = new[] { (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc };
        output.Write(Encoding.ASCII.GetBytes($"0\r\nx-amz-checksum-crc32:{Convert.ToBase64String(crcBytes)}\r\n\r\n"));
        return output.ToArray();
    }
}
