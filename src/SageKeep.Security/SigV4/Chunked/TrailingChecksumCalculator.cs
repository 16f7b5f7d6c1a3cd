using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.IO.Hashing;

namespace SageKeep.Security.SigV4.Chunked;

/// <summary>
/// Computes an S3 flexible checksum over the decoded data ("Checking object integrity", S3 User
/// Guide): CRC32, CRC32C, CRC64NVME, SHA-1, SHA-256, SHA-512, each sent as base64 of the big-endian
/// value.
/// </summary>
public sealed class TrailingChecksumCalculator : IDisposable
{
    private readonly string _algorithm;
    private readonly Crc32? _crc32;
    private readonly IncrementalHash? _hash;
    private uint _crc32c = uint.MaxValue;
    private ulong _crc64 = Crc64Nvme.Initial;

    private TrailingChecksumCalculator(string algorithm)
    {
        _algorithm = algorithm;
        switch (algorithm)
        {
            case "crc32":
                _crc32 = new Crc32();
                break;
            case "sha1":
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
                break;
            case "sha256":
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                break;
            case "sha512":
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
                break;
        }
    }

    public static bool IsKnown(string algorithm) =>
        algorithm is "crc32" or "crc32c" or "crc64nvme" or "sha1" or "sha256" or "sha512";

    /// <summary>A calculator for <c>x-amz-checksum-&lt;algorithm&gt;</c>, or null when the algorithm is unknown.</summary>
    public static TrailingChecksumCalculator? For(string algorithm) =>
        IsKnown(algorithm) ? new TrailingChecksumCalculator(algorithm) : null;

    public void Append(ReadOnlySpan<byte> data)
    {
        switch (_algorithm)
        {
            case "crc32":
                _crc32!.Append(data);
                break;
            case "crc32c":
                _crc32c = AppendCrc32C(_crc32c, data);
                break;
            case "crc64nvme":
                _crc64 = Crc64Nvme.Append(_crc64, data);
                break;
            default:
                _hash!.AppendData(data);
                break;
        }
    }

    public string FinishBase64()
    {
        switch (_algorithm)
        {
            case "crc32":
                return BigEndian32(_crc32!.GetCurrentHashAsUInt32());
            case "crc32c":
                return BigEndian32(~_crc32c);
            case "crc64nvme":
                Span<byte> crc64 = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(crc64, ~_crc64);
                return Convert.ToBase64String(crc64);
            default:
                return Convert.ToBase64String(_hash!.GetHashAndReset());
        }
    }

    public void Dispose() => _hash?.Dispose();

    /// <summary>CRC-32C with the CPU's instruction where present (BitOperations), eight bytes a step.</summary>
    internal static uint AppendCrc32C(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, MemoryMarshal.Read<ulong>(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    private static string BigEndian32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return Convert.ToBase64String(bytes);
    }
}
