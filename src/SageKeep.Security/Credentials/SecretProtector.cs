using System.Security.Cryptography;
using System.Text;

namespace SageKeep.Security.Credentials;

/// <summary>
/// Encrypts secret access keys at rest with AES-256-GCM under the installation's master key, so a copy
/// of the database alone reveals no secret. The access key id is bound as associated data: a ciphertext
/// moved to another key's row does not decrypt.
/// Layout: version (1 byte, 1) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class SecretProtector
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly byte[] _key;

    public SecretProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("The master key must be 32 bytes (AES-256).", nameof(key));
        }

        _key = key.ToArray();
    }

    public byte[] Protect(string secret, string accessKeyId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(accessKeyId);
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(accessKeyId));
        CryptographicOperations.ZeroMemory(plaintext);
        return output;
    }

    /// <summary>Decrypts a stored secret; null when the blob is malformed, tampered with or from another key.</summary>
    public string? Unprotect(ReadOnlySpan<byte> protectedSecret, string accessKeyId)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        if (protectedSecret.Length < HeaderSize || protectedSecret[0] != FormatVersion)
        {
            return null;
        }

        var plaintext = new byte[protectedSecret.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(
                protectedSecret.Slice(1, NonceSize),
                protectedSecret[HeaderSize..],
                protectedSecret.Slice(1 + NonceSize, TagSize),
                plaintext,
                Encoding.UTF8.GetBytes(accessKeyId));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public override string ToString() => "SecretProtector(redacted)";
}
