using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SageKeep.Security.Sts;

/// <summary>
/// Seals the details of an access denial (who, which action, resource, the deciding statement, the
/// request's context keys) into the "encoded authorization failure message" some AWS services return,
/// which only <c>sts:DecodeAuthorizationMessage</c> opens. AES-256-GCM under a key derived from the master
/// key with HKDF-SHA256 and its own info string; base64url text. Opening never throws on input.
/// </summary>
public sealed class AuthorizationMessageCodec : IDisposable
{
    /// <summary>AWS bounds EncodedMessage at 10,240 characters (botocore's STS model).</summary>
    public const int MaxEncodedLength = 10_240;

    private const string KeyInfo = "sagekeep/sts/authorization-message/v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly AesGcm _aes;
    private readonly Lock _gate = new();

    public AuthorizationMessageCodec(ReadOnlySpan<byte> masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
        }

        Span<byte> key = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, key, salt: [], Encoding.ASCII.GetBytes(KeyInfo));
        _aes = new AesGcm(key, TagSize);
        CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>Seals <paramref name="json"/>; the result fits AWS's bound for messages up to about 7 KB.</summary>
    public string Seal(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var plaintext = Encoding.UTF8.GetBytes(json);
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        lock (_gate)
        {
            _aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length));
        }

        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The JSON sealed in <paramref name="encoded"/>, or null when it is not a message this installation sealed.</summary>
    public string? Open(string encoded)
    {
        if (encoded is null || encoded.Length > MaxEncodedLength)
        {
            return null;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (Base64Url.DecodeFromChars(encoded, buffer, out _, out var written) != System.Buffers.OperationStatus.Done
            || written < NonceSize + TagSize + 2)
        {
            return null;
        }

        var length = written - NonceSize - TagSize;
        var plaintext = new byte[length];
        try
        {
            lock (_gate)
            {
                _aes.Decrypt(buffer.AsSpan(0, NonceSize), buffer.AsSpan(NonceSize, length), buffer.AsSpan(NonceSize + length, TagSize), plaintext);
            }
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plaintext);
    }

    public void Dispose() => _aes.Dispose();
}
