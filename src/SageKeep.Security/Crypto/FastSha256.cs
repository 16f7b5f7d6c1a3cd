using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SageKeep.Security.Crypto;

/// <summary>
/// SHA-256 for the per-request hot path (SigV4 verification hashes the body and the canonical request
/// and computes one HMAC on every call). .NET's one-shot <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// goes through OpenSSL 3's EVP layer, which fetches the algorithm and builds a context per call: a fixed
/// cost of about a microsecond, more than hashing a 1 KiB body takes. Where libcrypto's
/// <c>SHA256_Init</c>/<c>SHA256_Update</c>/<c>SHA256_Final</c> are exported (Linux with OpenSSL 3,
/// which .NET itself requires there), this calls them directly on a context held on the stack: the same
/// OpenSSL code (SHA extensions included) without the per-call set-up. Anywhere else, or if the
/// library's answers ever differed from .NET's on the start-up check, it uses the .NET API.
/// </summary>
internal static partial class FastSha256
{
    public const int HashSize = 32;
    public const int BlockSize = 64;

    private const string LibCrypto = "libcrypto.so.3";

    /// <summary>True when hashing goes straight to libcrypto's low-level functions.</summary>
    public static bool IsNative { get; } = ProbeNative();

    public static void HashData(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!IsNative)
        {
            SHA256.HashData(source, destination);
            return;
        }

        var state = default(Sha256State);
        _ = NativeMethods.SHA256_Init(ref state);
        Update(ref state, source);
        Final(ref state, destination);
    }

    /// <summary>A context that has absorbed <paramref name="block"/> (exactly one 64-byte block), for HMAC.</summary>
    internal static Sha256State Absorb(ReadOnlySpan<byte> block)
    {
        var state = default(Sha256State);
        _ = NativeMethods.SHA256_Init(ref state);
        Update(ref state, block);
        return state;
    }

    internal static void Update(ref Sha256State state, ReadOnlySpan<byte> data)
    {
        if (!data.IsEmpty)
        {
            _ = NativeMethods.SHA256_Update(ref state, ref MemoryMarshal.GetReference(data), (nuint)data.Length);
        }
    }

    /// <summary>Writes the digest into <paramref name="destination"/> (at least 32 bytes) and wipes the context.</summary>
    internal static void Final(ref Sha256State state, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HashSize);
        _ = NativeMethods.SHA256_Final(ref MemoryMarshal.GetReference(destination), ref state);
        CryptographicOperations.ZeroMemory(state);
    }

    private static bool ProbeNative()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("SAGEKEEP_MANAGED_SHA256") == "1")
        {
            return false;
        }

        try
        {
            // Lengths around the block and padding boundaries, compared with .NET's answer.
            Span<byte> data = stackalloc byte[300];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (byte)((i * 131) + 7);
            }

            Span<byte> expected = stackalloc byte[HashSize];
            Span<byte> actual = stackalloc byte[HashSize];
            foreach (var length in (ReadOnlySpan<int>)[0, 3, 55, 56, 63, 64, 65, 119, 128, 300])
            {
                var state = default(Sha256State);
                _ = NativeMethods.SHA256_Init(ref state);
                Update(ref state, data[..length]);
                Final(ref state, actual);
                SHA256.HashData(data[..length], expected);
                if (!actual.SequenceEqual(expected))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>Room for OpenSSL's <c>SHA256_CTX</c> (112 bytes in 1.1 and 3.x), with margin.</summary>
    [InlineArray(128)]
    internal struct Sha256State
    {
        private byte _first;
    }

    private static partial class NativeMethods
    {
        [LibraryImport(LibCrypto)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static partial int SHA256_Init(ref Sha256State context);

        [LibraryImport(LibCrypto)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static partial int SHA256_Update(ref Sha256State context, ref byte data, nuint length);

        [LibraryImport(LibCrypto)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static partial int SHA256_Final(ref byte digest, ref Sha256State context);
    }
}
