using System.Security.Cryptography;
using System.Text;
using SageKeep.Security.Crypto;

namespace SageKeep.Security.SigV4.Chunked;

/// <summary>
/// The chunk-signature chain of a signed aws-chunked body, on bytes: each chunk's string to sign
/// (<c>AWS4-HMAC-SHA256-PAYLOAD\n</c> date <c>\n</c> scope <c>\n</c> previous <c>\n</c> SHA256("") <c>\n</c>
/// hex(SHA256(data))) is assembled in one reused buffer whose fixed prefix is encoded once, so a chunk
/// costs one HMAC (on a key prepared once, see <see cref="HmacSha256Key"/>) and no allocation. The signature sent with the chunk is decoded into
/// <see cref="Provided"/> by the header parser and compared in constant time.
/// </summary>
internal sealed class ChunkSignatureChain
{
    private const string LowerHex = "0123456789abcdef";
    private static readonly byte[] Middle = Encoding.ASCII.GetBytes("\n" + SigV4Payload.EmptySha256Hex + "\n");
    private readonly HmacSha256Key _key;
    private readonly byte[] _stringToSign;
    private readonly int _prefixLength;
    private readonly byte[] _previous;
    private readonly byte[] _provided = new byte[32];
    private readonly byte[] _dataHash = new byte[32];
    private readonly byte[] _expected = new byte[32];
    private int _previousLength;

    public ChunkSignatureChain(SigV4ChunkSigningContext signing)
    {
        _key = new HmacSha256Key(signing.SigningKey.Span);
        var prefix = Encoding.UTF8.GetBytes("AWS4-HMAC-SHA256-PAYLOAD\n" + signing.AmzDate + "\n" + signing.Scope + "\n");
        var seed = Encoding.UTF8.GetBytes(signing.SeedSignature);
        _previous = new byte[Math.Max(64, seed.Length)];
        seed.CopyTo(_previous, 0);
        _previousLength = seed.Length;
        _prefixLength = prefix.Length;
        _stringToSign = new byte[prefix.Length + _previous.Length + Middle.Length + 64];
        prefix.CopyTo(_stringToSign, 0);
    }

    /// <summary>Where the header parser decodes the chunk's signature.</summary>
    public Span<byte> Provided => _provided;

    /// <summary>
    /// Finishes the chunk's data hash and checks <see cref="Provided"/> against the chain; on a match
    /// the chunk's signature becomes the previous one.
    /// </summary>
    public bool VerifyNext(IncrementalHash chunkHash)
    {
        chunkHash.GetHashAndReset(_dataHash);
        var n = _prefixLength;
        _previous.AsSpan(0, _previousLength).CopyTo(_stringToSign.AsSpan(n));
        n += _previousLength;
        Middle.CopyTo(_stringToSign, n);
        n += Middle.Length;
        WriteLowerHex(_dataHash, _stringToSign.AsSpan(n));
        n += 64;
        _key.Compute(_stringToSign.AsSpan(0, n), _expected);
        if (!CryptographicOperations.FixedTimeEquals(_expected, _provided))
        {
            return false;
        }

        WriteLowerHex(_expected, _previous);
        _previousLength = 64;
        return true;
    }

    /// <summary>The last verified signature (the seed before any chunk), which the trailer signature chains from.</summary>
    public string PreviousHex() => Encoding.UTF8.GetString(_previous, 0, _previousLength);

    private static void WriteLowerHex(ReadOnlySpan<byte> bytes, Span<byte> into)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            into[2 * i] = (byte)LowerHex[bytes[i] >> 4];
            into[(2 * i) + 1] = (byte)LowerHex[bytes[i] & 0xF];
        }
    }
}
