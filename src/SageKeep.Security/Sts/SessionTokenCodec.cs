using System.Buffers.Text;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    private const int MaxAssociatedDataLength = 6 + KeyIdSize + (MaxAccessKeyIdLength * 3);

    // Tokens of plain sessions decode to about 350 bytes; up to this size a check stays on the stack.
    private const int StackTokenBytes = 1024;

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
    // Every stack buffer here is written before it is read; only the written part is used.
    [SkipLocalsInit]
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
        // that every change to the text is a change to the token. Ordinary tokens fit on the stack;
        // long AssumeRole tokens use pooled buffers. The plaintext is wiped either way.
        var decodedLength = Base64Url.GetMaxDecodedLength(encoded.Length);
        byte[]? rentedSealed = null;
        byte[]? rentedPlain = null;
        var sealedBytes = decodedLength <= StackTokenBytes
            ? stackalloc byte[StackTokenBytes]
            : (rentedSealed = ArrayPool<byte>.Shared.Rent(decodedLength));
        var plainBuffer = decodedLength <= StackTokenBytes
            ? stackalloc byte[StackTokenBytes]
            : (rentedPlain = ArrayPool<byte>.Shared.Rent(decodedLength));
        var ciphertextLength = 0;
        try
        {
            if (!IsCanonical(encoded)
                || Base64Url.DecodeFromChars(encoded, sealedBytes, out _, out var written) != OperationStatus.Done
                || written < KeyIdSize + NonceSize + TagSize + 2)
            {
                return SessionTokenValidation.Invalid;
            }

            // Step 3: sealed under this installation's token key? (Not secret: an ordinary compare.)
            if (!sealedBytes[..KeyIdSize].SequenceEqual(_keyId))
            {
                return SessionTokenValidation.Invalid;
            }

            // Step 4: open with AES-256-GCM; the tag check binds prefix, token key id and access key id.
            ciphertextLength = written - KeyIdSize - NonceSize - TagSize;
            Span<byte> associated = stackalloc byte[MaxAssociatedDataLength];
            var associatedLength = WriteAssociatedData(accessKeyId, associated);
            try
            {
                _aes.Value!.Decrypt(
                    sealedBytes.Slice(KeyIdSize, NonceSize),
                    sealedBytes.Slice(KeyIdSize + NonceSize, ciphertextLength),
                    sealedBytes.Slice(KeyIdSize + NonceSize + ciphertextLength, TagSize),
                    plainBuffer[..ciphertextLength],
                    associated[..associatedLength]);
            }
            catch (AuthenticationTagMismatchException)
            {
                return SessionTokenValidation.Invalid;
            }

            // Step 5: the payload, and its key id again (constant time) as defence in depth.
            var payload = SessionTokenPayload.TryParse(plainBuffer[..ciphertextLength]);
            if (payload is null
                || !CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(payload.AccessKeyId.AsSpan()), MemoryMarshal.AsBytes(accessKeyId.AsSpan()))
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
        finally
        {
            CryptographicOperations.ZeroMemory(plainBuffer[..ciphertextLength]);
            if (rentedSealed is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedSealed);
            }

            if (rentedPlain is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedPlain);
            }
        }
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

    /// <summary>
    /// Unpadded base64url is canonical when its length is not 1 mod 4 and the bits of the last character
    /// that fall beyond the data are zero: then exactly one text encodes each token.
    /// </summary>
    private static bool IsCanonical(ReadOnlySpan<char> encoded)
    {
        var unusedBits = (encoded.Length % 4) switch
        {
            0 => 0,
            2 => 4,
            3 => 2,
            _ => -1,
        };
        if (unusedBits <= 0)
        {
            return unusedBits == 0;
        }

        var last = encoded[^1];
        var value = last switch
        {
            >= 'A' and <= 'Z' => last - 'A',
            >= 'a' and <= 'z' => last - 'a' + 26,
            >= '0' and <= '9' => last - '0' + 52,
            '-' => 62,
            _ => 63,
        };
        return (value & ((1 << unusedBits) - 1)) == 0;
    }

    private byte[] AssociatedData(string accessKeyId)
    {
        var buffer = new byte[MaxAssociatedDataLength];
        return buffer[..WriteAssociatedData(accessKeyId, buffer)];
    }

    /// <summary>The associated data: prefix, token key id and the access key id, as UTF-8.</summary>
    private int WriteAssociatedData(string accessKeyId, Span<byte> destination)
    {
        var length = Encoding.ASCII.GetBytes(Prefix, destination);
        _keyId.CopyTo(destination[length..]);
        length += KeyIdSize;
        return length + Encoding.UTF8.GetBytes(accessKeyId, destination[length..]);
    }

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
