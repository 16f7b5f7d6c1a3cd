using System.Security.Cryptography;
using SageKeep.Security.Crypto;

namespace SageKeep.Security.SigV4;

/// <summary>
/// How the verifier learns the payload hash: from the body bytes, from a SHA-256 the caller already
/// computed while buffering, or deferred (S3 only: the body is streamed after authentication and the
/// S3 service checks it against <see cref="SigV4Authenticated.ExpectedPayloadSha256"/>).
/// </summary>
public sealed class SigV4Payload
{
    private readonly ReadOnlyMemory<byte> _body;
    private string? _sha256Hex;

    private SigV4Payload(ReadOnlyMemory<byte> body, string? sha256Hex, bool deferred)
    {
        _body = body;
        _sha256Hex = sha256Hex;
        IsDeferred = deferred;
    }

    /// <summary>SHA-256 of the empty string, the payload hash of bodiless requests.</summary>
    public const string EmptySha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static SigV4Payload Empty { get; } = new(ReadOnlyMemory<byte>.Empty, EmptySha256Hex, false);

    /// <summary>The body is not available yet (S3 streaming uploads).</summary>
    public static SigV4Payload Deferred { get; } = new(ReadOnlyMemory<byte>.Empty, null, true);

    public bool IsDeferred { get; }

    /// <summary>The body bytes given to <see cref="FromBody"/> (empty otherwise).</summary>
    internal ReadOnlyMemory<byte> Body => _body;

    public static SigV4Payload FromBody(ReadOnlyMemory<byte> body) => new(body, null, false);

    /// <summary>A lowercase hex SHA-256 of the raw body computed by the caller.</summary>
    public static SigV4Payload FromSha256Hex(string sha256Hex)
    {
        ArgumentNullException.ThrowIfNull(sha256Hex);
        if (!IsSha256Hex(sha256Hex))
        {
            throw new ArgumentException("Expected 64 lowercase hex digits.", nameof(sha256Hex));
        }

        return new SigV4Payload(ReadOnlyMemory<byte>.Empty, sha256Hex, false);
    }

    /// <summary>The lowercase hex SHA-256 of the body; null when deferred.</summary>
    public string? Sha256Hex
    {
        get
        {
            if (IsDeferred)
            {
                return null;
            }

            return _sha256Hex ??= Convert.ToHexStringLower(SHA256.HashData(_body.Span));
        }
    }

    /// <summary>
    /// The SHA-256 of the body into <paramref name="hash"/> (32 bytes) without making its hex string:
    /// the given or memoised hash when there is one, else the body hashed now (not memoised).
    /// </summary>
    internal void WriteSha256(Span<byte> hash)
    {
        if (IsDeferred)
        {
            throw new InvalidOperationException("A deferred payload has no hash yet.");
        }

        if (_sha256Hex is not null)
        {
            Convert.FromHexString(_sha256Hex, hash, out _, out _);
            return;
        }

        FastSha256.HashData(_body.Span, hash);
    }

    internal static bool IsSha256Hex(string value)
    {
        if (value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
