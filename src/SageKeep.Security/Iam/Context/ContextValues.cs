using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace SageKeep.Security.Iam.Context;

/// <summary>
/// The request's condition context keys. Key names are case-insensitive (IAM User Guide, "IAM JSON
/// policy elements: Condition"); every key may carry several values (aws:TagKeys, sagemaker:VpcSubnets).
/// Values converted for a condition operator (IP addresses) are converted once per request, not once per
/// statement that tests them.
/// </summary>
public sealed class ContextValues
{
    private readonly Dictionary<string, Entry> _values;

    public ContextValues(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> values)
    {
        _values = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, list) in values)
        {
            _values[key] = new Entry(list);
        }
    }

    public static ContextValues Empty { get; } = new([]);

    public IEnumerable<string> Keys => _values.Keys;

    public int Count => _values.Count;

    public bool TryGetValues(string key, [MaybeNullWhen(false)] out IReadOnlyList<string> values)
    {
        if (_values.TryGetValue(key, out var entry))
        {
            values = entry.Values;
            return true;
        }

        values = null;
        return false;
    }

    /// <summary>The key's values and their parses as IP addresses (null where a value is none), parsed on first use.</summary>
    internal bool TryGetAddresses(string key, [MaybeNullWhen(false)] out IReadOnlyList<string> values, [MaybeNullWhen(false)] out IPAddress?[] addresses)
    {
        if (!_values.TryGetValue(key, out var entry))
        {
            values = null;
            addresses = null;
            return false;
        }

        values = entry.Values;
        addresses = entry.Addresses;
        if (addresses is null)
        {
            // Racing threads compute the same array; either one may be kept.
            addresses = new IPAddress?[values.Count];
            for (var i = 0; i < values.Count; i++)
            {
                addresses[i] = IPAddress.TryParse(values[i], out var address) ? address : null;
            }

            entry.Addresses = addresses;
        }

        return true;
    }

    private sealed class Entry(IReadOnlyList<string> values)
    {
        public IReadOnlyList<string> Values { get; } = values;

        public IPAddress?[]? Addresses { get; set; }
    }
}
