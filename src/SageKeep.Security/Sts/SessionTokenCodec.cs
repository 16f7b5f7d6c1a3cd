using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SageKeep.Core.Identity;
using SageKeep.Security.Credentials;

namespace SageKeep.Security.Sts;

/// <summary>
/// Issues and checks self-contained STS session tokens: the token itself carries the temporary key's
/// secret and identity, encrypted and authenticated, so any gateway sharing the master key verifies it
/// without shared state.
/// Token: <c>"SKST1."</c> + base64url(token key id (4) | nonce (12) | AES-256-GCM ciphertext of the compact
/// JSON payload | tag (16)), with the prefix, the token key id and the <c>ASIA…</c> key id as associated
/// data: a token presented with another access key id does not open. The AES key is derived from the
/// master key with HKDF-SHA256 (RFC 5869) under its own info string, so it never equals the key that
/// encrypts secrets at rest; the token key id (also HKDF-derived, so it reveals nothing of the key) names
/// the key a token was sealed under, so a rotated master key refuses old tokens cleanly and a future
/// key ring can pick the right key.
/// </summary>
public sealed class SessionTokenCodec : IDisposable
{
    public const string Prefix = "SKST1.";

    /// <summary>
    /// Longest token accepted: plain sessions are about 500 characters; AssumeRole sessions carry their
    /// session policies and tags, which AWS's packed-size limit keeps within this bound.
    /// </summary>
    public const int MaxTokenLength = 16384;

    private const string KeyInfo = "sagekeep/sts/session-token/v1";
    private const string KeyIdInfo = "sagekeep/sts/session-token/key-id/v1";
    private const int KeyIdSize = 4;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int MaxAccessKeyIdLength = 128;

    private readonly byte[] _key;
    private readonly byte[] _keyId;

    // Building an AesGcm (key schedule, native handle) costs about as much as the rest of a check, and an
    // instance is not safe for concurrent use: one per thread.
    private readonly ThreadLocal<AesGcm> _aes;

    public SessionTokenCodec(ReadOnlySpan<byte> masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
        }

        _key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, _key, salt: [], Encoding.ASCII.GetBytes(KeyInfo));
        _keyId = new byte[KeyIdSize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, _keyId, salt: [], Encoding.ASCII.GetBytes(KeyIdInfo));
        _aes = new ThreadLocal<AesGcm>(() => new AesGcm(_key, TagSize), trackAllValues: true);
    }

    /// <summary>New temporary credentials for <paramref name="principal"/> (whose key id is the source key).</summary>
    public IssuedSessionCredentials Issue(PrincipalInfo principal, DateTimeOffset issuedAt, DateTimeOffset expiresAt, bool multiFactorAuthPresent) =>
        Issue(principal, issuedAt, expiresAt, multiFactorAuthPresent, role: null);

    /// <summary>
    /// New temporary credentials; for AssumeRole, <paramref name="principal"/> is the assumed-role session
    /// identity and <paramref name="role"/> carries the role, session policies and tags into the token.
    /// </summary>
    public IssuedSessionCredentials Issue(PrincipalInfo principal, DateTimeOffset issuedAt, DateTimeOffset expiresAt, bool multiFactorAuthPresent, RoleSession? role)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (expiresAt <= issuedAt)
        {
            throw new ArgumentException("A session must expire after it is issued.", nameof(expiresAt));
        }

        var accessKeyId = AccessKeyGenerator.NewAccessKeyId("ASIA");
        var secret = AccessKeyGenerator.NewSecretAccessKey();
        var payload = new SessionTokenPayload(
            accessKeyId, secret, principal.AccountId, principal.Arn, principal.UserId, principal.Type,
            issuedAt, expiresAt, multiFactorAuthPresent, principal.AccessKeyId, role).ToUtf8();

        var sealedBytes = new byte[KeyIdSize + NonceSize + payload.Length + TagSize];
        _keyId.CopyTo(sealedBytes, 0);
        var nonce = sealedBytes.AsSpan(KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _aes.Value!.Encrypt(nonce, payload, sealedBytes.AsSpan(KeyIdSize + NonceSize, payload.Length), sealedBytes.AsSpan(KeyIdSize + NonceSize + payload.Length), AssociatedData(accessKeyId));

        CryptographicOperations.ZeroMemory(payload);
        return new IssuedSessionCredentials(accessKeyId, secret, Prefix + Base64Url.EncodeToString(sealedBytes), expiresAt);
    }

    /// <summary>
    /// Checks <paramref name="sessionToken"/> for <paramref name="accessKeyId"/> at <paramref name="now"/>.
    /// Never throws on input: anything malformed, tampered with, from another key or master key is Invalid;
    /// an authentic token past its expiry is Expired.
    /// </summary>
    public SessionTokenValidation Decode(string accessKeyId, string sessionToken, DateTimeOffset now)
    {
        // Step 1: bounds and shape before any work: prefix, length, base64url alphabet.
        if (accessKeyId is null || sessionToken is null
            || accessKeyId.Length is 0 or > MaxAccessKeyIdLength
            || sessionToken.Length > MaxTokenLength
            || !sessionToken.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return SessionTokenValidation.Invalid;
        }

        var encoded = sessionToken.AsSpan(Prefix.Length);
        if (!IsBase64UrlText(encoded))
        {
            return SessionTokenValidation.Invalid;
        }

        // Step 2: decode; a non-canonical encoding (stray bits in the last character) is refused so
        // that every change to the text is a change to the token.
        var sealedBytes = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (Base64Url.DecodeFromChars(encoded, sealedBytes, out _, out var written) != OperationStatus.Done
            || written < KeyIdSize + NonceSize + TagSize + 2
            || !IsCanonical(encoded, sealedBytes.AsSpan(0, written)))
        {
            return SessionTokenValidation.Invalid;
        }

        // Step 3: sealed under this installation's token key? (Not secret: an ordinary compare.)
        if (!sealedBytes.AsSpan(0, KeyIdSize).SequenceEqual(_keyId))
        {
            return SessionTokenValidation.Invalid;
        }

        // Step 4: open with AES-256-GCM; the tag check binds prefix, token key id and access key id.
        var ciphertextLength = written - KeyIdSize - NonceSize - TagSize;
        var plaintext = new byte[ciphertextLength];
        try
        {
            _aes.Value!.Decrypt(
                sealedBytes.AsSpan(KeyIdSize, NonceSize),
                sealedBytes.AsSpan(KeyIdSize + NonceSize, ciphertextLength),
                sealedBytes.AsSpan(KeyIdSize + NonceSize + ciphertextLength, TagSize),
                plaintext,
                AssociatedData(accessKeyId));
        }
        catch (AuthenticationTagMismatchException)
        {
            return SessionTokenValidation.Invalid;
        }

        // Step 5: the payload, and its key id again (constant time) as defence in depth.
        var payload = SessionTokenPayload.TryParse(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        if (payload is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(payload.AccessKeyId), Encoding.UTF8.GetBytes(accessKeyId))
            || payload.ExpiresAt <= payload.IssuedAt)
        {
            return SessionTokenValidation.Invalid;
        }

        // Step 6: expiry against the caller's clock.
        if (now >= payload.ExpiresAt)
        {
            return SessionTokenValidation.Expired;
        }

        var principal = new PrincipalInfo(payload.AccountId, payload.Arn, payload.UserId, payload.Type, payload.AccessKeyId);
        return SessionTokenValidation.Valid(
            payload.IssuedAt,
            payload.MultiFactorAuthPresent,
            new SessionCredential(payload.SecretAccessKey, principal, payload.SourceAccessKeyId) { Role = payload.Role });
    }

    public override string ToString() => "SessionTokenCodec(redacted)";

    public void Dispose()
    {
        foreach (var aes in _aes.Values)
        {
            aes.Dispose();
        }

        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }

    private static bool IsCanonical(ReadOnlySpan<char> encoded, ReadOnlySpan<byte> decoded)
    {
        Span<char> again = stackalloc char[MaxTokenLength];
        return Base64Url.TryEncodeToChars(decoded, again, out var length) && encoded.SequenceEqual(again[..length]);
    }

    private byte[] AssociatedData(string accessKeyId) => [.. Encoding.UTF8.GetBytes(Prefix), .. _keyId, .. Encoding.UTF8.GetBytes(accessKeyId)];

    private static bool IsBase64UrlText(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
