using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SageKeep.Core.Identity;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Registry.Auth;

/// <summary>
/// Registry tokens (what <c>ecr:GetAuthorizationToken</c> hands out and registry clients send as the
/// Basic-auth password of user <c>AWS</c>): <c>"SKRT1."</c> + base64url(key id (4) | nonce (12) |
/// AES-256-GCM ciphertext of the identity and expiry | tag (16)), with the prefix and key id as associated
/// data. The key comes from the master key by HKDF-SHA256 under an info string of its own, so it differs
/// from the session-token key and the at-rest key; a token says nothing readable and any change breaks
/// the tag. Nothing is stored: every server sharing the master key accepts the token until it expires.
/// </summary>
internal sealed class RegistryTokenCodec : IDisposable
{
    public const string Prefix = "SKRT1.";

    /// <summary>Longest token accepted (real ones are about 300 characters).</summary>
    public const int MaxTokenLength = 2048;

    private const string KeyInfo = "sagekeep/registry/token/v1";
    private const string KeyIdInfo = "sagekeep/registry/token/key-id/v1";
    private const int KeyIdSize = 4;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key = new byte[32];
    private readonly byte[] _keyId = new byte[KeyIdSize];

    public RegistryTokenCodec(MasterKey masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Key, _key, salt: [], Encoding.ASCII.GetBytes(KeyInfo));
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Key, _keyId, salt: [], Encoding.ASCII.GetBytes(KeyIdInfo));
    }

    public string Issue(AwsPrincipal principal, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var payload = Serialize(principal, issuedAt, expiresAt);
        var sealedBytes = new byte[KeyIdSize + NonceSize + payload.Length + TagSize];
        _keyId.CopyTo(sealedBytes, 0);
        var nonce = sealedBytes.AsSpan(KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key, TagSize))
        {
            aes.Encrypt(nonce, payload, sealedBytes.AsSpan(KeyIdSize + NonceSize, payload.Length), sealedBytes.AsSpan(KeyIdSize + NonceSize + payload.Length), AssociatedData());
        }

        CryptographicOperations.ZeroMemory(payload);
        return Prefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The token's identity when authentic and unexpired at <paramref name="now"/>; null otherwise. Never throws on input.</summary>
    public RegistryToken? Decode(string? token, DateTimeOffset now)
    {
        if (token is null || token.Length > MaxTokenLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var encoded = token.AsSpan(Prefix.Length);
        var sealedBytes = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (Base64Url.DecodeFromChars(encoded, sealedBytes, out _, out var written) != OperationStatus.Done
            || written < KeyIdSize + NonceSize + TagSize + 2
            || !CryptographicOperations.FixedTimeEquals(sealedBytes.AsSpan(0, KeyIdSize), _keyId))
        {
            return null;
        }

        var length = written - KeyIdSize - NonceSize - TagSize;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(
                sealedBytes.AsSpan(KeyIdSize, NonceSize),
                sealedBytes.AsSpan(KeyIdSize + NonceSize, length),
                sealedBytes.AsSpan(KeyIdSize + NonceSize + length, TagSize),
                plaintext,
                AssociatedData());
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        var decoded = Deserialize(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        return decoded is { } t && now >= t.IssuedAt.AddMinutes(-5) && now < t.ExpiresAt ? t : null;
    }

    public override string ToString() => "RegistryTokenCodec(redacted)";

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    private byte[] AssociatedData() => [.. Encoding.ASCII.GetBytes(Prefix), .. _keyId];

    private static byte[] Serialize(AwsPrincipal principal, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("a", principal.AccountId);
            writer.WriteString("r", principal.Arn);
            writer.WriteString("u", principal.UserId);
            writer.WriteString("k", principal.AccessKeyId);
            writer.WriteBoolean("t", principal.IsTemporary);
            writer.WriteNumber("i", issuedAt.ToUnixTimeSeconds());
            writer.WriteNumber("e", expiresAt.ToUnixTimeSeconds());
            if (principal.SessionIssuedAt is { } session)
            {
                writer.WriteNumber("s", session.ToUnixTimeSeconds());
            }

            writer.WriteBoolean("m", principal.MultiFactorAuthPresent);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static RegistryToken? Deserialize(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 2 });
            var root = document.RootElement;
            var principal = new AwsPrincipal(
                root.GetProperty("a").GetString()!,
                root.GetProperty("r").GetString()!,
                root.GetProperty("u").GetString()!,
                root.GetProperty("k").GetString()!,
                root.GetProperty("t").GetBoolean())
            {
                SessionIssuedAt = root.TryGetProperty("s", out var s) ? DateTimeOffset.FromUnixTimeSeconds(s.GetInt64()) : null,
                MultiFactorAuthPresent = root.TryGetProperty("m", out var m) && m.GetBoolean(),
            };
            return new RegistryToken(principal, DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("i").GetInt64()), DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("e").GetInt64()));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
