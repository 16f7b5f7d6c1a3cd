using System.Security.Cryptography;

namespace SageKeep.Security.Crypto;

/// <summary>
/// An HMAC-SHA256 key (RFC 2104) prepared once for many MACs: with native SHA-256 the contexts that
/// have absorbed <c>K ^ ipad</c> and <c>K ^ opad</c> are kept, so each MAC costs the message's blocks
/// plus one outer block instead of a new HMAC context and two more compressions. Holds key-equivalent
/// material: treat it as the key itself (never logged; <see cref="ToString"/> is redacted).
/// </summary>
internal sealed class HmacSha256Key
{
    private readonly byte[] _key;
    private readonly FastSha256.Sha256State _inner;
    private readonly FastSha256.Sha256State _outer;

    public HmacSha256Key(ReadOnlySpan<byte> key)
    {
        _key = key.ToArray();
        if (!FastSha256.IsNative)
        {
            return;
        }

        Span<byte> block = stackalloc byte[FastSha256.BlockSize];
        block.Clear();
        if (key.Length > FastSha256.BlockSize)
        {
            FastSha256.HashData(key, block);
        }
        else
        {
            key.CopyTo(block);
        }

        Span<byte> pad = stackalloc byte[FastSha256.BlockSize];
        for (var i = 0; i < pad.Length; i++)
        {
            pad[i] = (byte)(block[i] ^ 0x36);
        }

        _inner = FastSha256.Absorb(pad);
        for (var i = 0; i < pad.Length; i++)
        {
            pad[i] = (byte)(block[i] ^ 0x5c);
        }

        _outer = FastSha256.Absorb(pad);
        CryptographicOperations.ZeroMemory(pad);
        CryptographicOperations.ZeroMemory(block);
    }

    /// <summary>The raw key bytes.</summary>
    public ReadOnlyMemory<byte> Key => _key;

    /// <summary>HMAC-SHA256 of <paramref name="message"/> into <paramref name="mac"/> (32 bytes).</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> mac)
    {
        if (!FastSha256.IsNative)
        {
            HMACSHA256.HashData(_key, message, mac);
            return;
        }

        Span<byte> innerHash = stackalloc byte[FastSha256.HashSize];
        var state = _inner;
        FastSha256.Update(ref state, message);
        FastSha256.Final(ref state, innerHash);
        state = _outer;
        FastSha256.Update(ref state, innerHash);
        FastSha256.Final(ref state, mac);
        CryptographicOperations.ZeroMemory(innerHash);
    }

    public override string ToString() => "HmacSha256Key(redacted)";
}
