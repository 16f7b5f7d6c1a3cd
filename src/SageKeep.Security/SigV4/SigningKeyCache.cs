using System.Collections.Concurrent;

namespace SageKeep.Security.SigV4;

/// <summary>
/// Bounded cache of derived signing keys per (access key, date, region, service): a key is
/// valid for a whole day, so steady traffic costs one HMAC per request instead of five. The entry
/// remembers the secret it came from, so a replaced secret is never served a stale key. When full,
/// the cache is emptied (simple, bounded, and keys re-derive in four HMACs).
/// </summary>
internal sealed class SigningKeyCache(int capacity)
{
    private readonly ConcurrentDictionary<(string KeyId, string Date, string Region, string Service), Entry> _entries = new();

    public int Count => _entries.Count;

    public byte[] GetOrDerive(string accessKeyId, string secretAccessKey, string date, string region, string service)
    {
        var key = (accessKeyId, date, region, service);
        if (_entries.TryGetValue(key, out var entry) && string.Equals(entry.Secret, secretAccessKey, StringComparison.Ordinal))
        {
            return entry.SigningKey;
        }

        var signingKey = SigV4Signing.DeriveSigningKey(secretAccessKey, date, region, service);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(secretAccessKey, signingKey);
        return signingKey;
    }

    private sealed record Entry(string Secret, byte[] SigningKey)
    {
        public override string ToString() => "Entry { *** }";
    }
}
