using System.Collections.Concurrent;
using SageKeep.Security.Crypto;

namespace SageKeep.Security.SigV4;

/// <summary>
/// Bounded cache of derived signing keys per (access key, date, region, service): a key is
/// valid for a whole day, so steady traffic costs one HMAC per request instead of five. The entry
/// remembers the secret it came from, so a replaced secret is never served a stale key. When full,
/// the cache is emptied (simple, bounded, and keys re-derive in four HMACs). The day is keyed as a
/// number (yyyyMMdd) taken from the request time, so a hit needs no new string.
/// </summary>
internal sealed class SigningKeyCache(int capacity)
{
    private readonly ConcurrentDictionary<(string KeyId, int Day, string Region, string Service), Entry> _entries = new();

    public int Count => _entries.Count;

    /// <param name="accessKeyId">The key id.</param>
    /// <param name="secretAccessKey">Its secret.</param>
    /// <param name="amzDate">The request time, <c>yyyyMMdd'T'HHmmss'Z'</c> (already parsed, so ASCII digits first).</param>
    /// <param name="region">Scope region.</param>
    /// <param name="service">Scope service.</param>
    public HmacSha256Key GetOrDerive(string accessKeyId, string secretAccessKey, string amzDate, string region, string service)
    {
        var key = (accessKeyId, Day(amzDate), region, service);
        if (_entries.TryGetValue(key, out var entry) && string.Equals(entry.Secret, secretAccessKey, StringComparison.Ordinal))
        {
            return entry.SigningKey;
        }

        var signingKey = new HmacSha256Key(SigV4Signing.DeriveSigningKey(secretAccessKey, amzDate[..8], region, service));
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(secretAccessKey, signingKey);
        return signingKey;
    }

    private static int Day(string amzDate)
    {
        var day = 0;
        for (var i = 0; i < 8; i++)
        {
            day = (day * 10) + (amzDate[i] - '0');
        }

        return day;
    }

    private sealed record Entry(string Secret, HmacSha256Key SigningKey)
    {
        public override string ToString() => "Entry { *** }";
    }
}
