using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SageKeep.Security.Credentials;

/// <summary>
/// A thread-safe in-memory key store: long-term keys and temporary keys with their session
/// tokens. Used by tests and as the default store until the IAM key store is wired in.
/// </summary>
public sealed class InMemoryCredentialSource : ICredentialSource, ISessionTokenValidator
{
    private readonly ConcurrentDictionary<string, Entry> _keys = new(StringComparer.Ordinal);

    /// <summary>Adds or replaces a long-term key.</summary>
    public void Add(string accessKeyId, string secretAccessKey, PrincipalInfo principal, CredentialStatus status = CredentialStatus.Active)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        _keys[accessKeyId] = new Entry(CredentialLookup.Of(secretAccessKey, status, principal), null, DateTimeOffset.MaxValue, DateTimeOffset.MinValue, false);
    }

    /// <summary>Adds or replaces a temporary key whose requests must carry <paramref name="sessionToken"/>.</summary>
    public void AddTemporary(
        string accessKeyId,
        string secretAccessKey,
        string sessionToken,
        PrincipalInfo principal,
        DateTimeOffset issuedAt,
        DateTimeOffset expiresAt,
        bool multiFactorAuthPresent = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(sessionToken);
        _keys[accessKeyId] = new Entry(
            CredentialLookup.Of(secretAccessKey, CredentialStatus.Active, principal),
            Encoding.UTF8.GetBytes(sessionToken),
            expiresAt,
            issuedAt,
            multiFactorAuthPresent);
    }

    /// <summary>Marks a key active or inactive, as IAM <c>UpdateAccessKey</c> does.</summary>
    public bool SetStatus(string accessKeyId, CredentialStatus status)
    {
        if (!_keys.TryGetValue(accessKeyId, out var entry) || entry.Lookup.Principal is null)
        {
            return false;
        }

        _keys[accessKeyId] = entry with { Lookup = CredentialLookup.Of(entry.Lookup.SecretAccessKey, status, entry.Lookup.Principal) };
        return true;
    }

    public bool Remove(string accessKeyId) => _keys.TryRemove(accessKeyId, out _);

    public ValueTask<CredentialLookup> FindAsync(string accessKeyId, CancellationToken ct) =>
        ValueTask.FromResult(_keys.TryGetValue(accessKeyId, out var entry) ? entry.Lookup : CredentialLookup.NotFound);

    public ValueTask<SessionTokenValidation> ValidateAsync(string accessKeyId, string sessionToken, DateTimeOffset now, CancellationToken ct)
    {
        if (!_keys.TryGetValue(accessKeyId, out var entry) || entry.SessionToken is null)
        {
            return ValueTask.FromResult(SessionTokenValidation.Invalid);
        }

        // The token is a bearer secret: compare it in constant time.
        if (!CryptographicOperations.FixedTimeEquals(entry.SessionToken, Encoding.UTF8.GetBytes(sessionToken)))
        {
            return ValueTask.FromResult(SessionTokenValidation.Invalid);
        }

        if (now >= entry.ExpiresAt)
        {
            return ValueTask.FromResult(SessionTokenValidation.Expired);
        }

        // An active key hands its secret over with the token, like a self-contained token does; a key
        // marked inactive leaves the answer to the store lookup, which refuses it as inactive.
        return ValueTask.FromResult(entry.Lookup is { Status: CredentialStatus.Active, Principal: { } principal }
            ? SessionTokenValidation.Valid(entry.IssuedAt, entry.MultiFactorAuthPresent, new SessionCredential(entry.Lookup.SecretAccessKey, principal, accessKeyId))
            : SessionTokenValidation.Valid(entry.IssuedAt, entry.MultiFactorAuthPresent));
    }

    public override string ToString() => $"InMemoryCredentialSource {{ Keys = {_keys.Count} }}";

    private sealed record Entry(
        CredentialLookup Lookup,
        byte[]? SessionToken,
        DateTimeOffset ExpiresAt,
        DateTimeOffset IssuedAt,
        bool MultiFactorAuthPresent)
    {
        public override string ToString() => "Entry { *** }";
    }
}
