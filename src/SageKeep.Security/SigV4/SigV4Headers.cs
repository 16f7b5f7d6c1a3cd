namespace SageKeep.Security.SigV4;

/// <summary>
/// Request headers as received: names case-insensitive, each occurrence's raw value kept in
/// order (SigV4 joins repeated headers with ',' in that order).
/// </summary>
public sealed class SigV4Headers
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _values.Count;

    public IEnumerable<string> Names => _values.Keys;

    /// <summary>Adds one occurrence of a header.</summary>
    public SigV4Headers Add(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!_values.TryGetValue(name, out var list))
        {
            list = new List<string>(1);
            _values.Add(name, list);
        }

        list.Add(value);
        return this;
    }

    public bool TryGetValues(string name, out IReadOnlyList<string> values)
    {
        if (_values.TryGetValue(name, out var list))
        {
            values = list;
            return true;
        }

        values = [];
        return false;
    }

    /// <summary>The values of a header named by a slice of text (no string is made for the lookup).</summary>
    internal bool TryGetValues(ReadOnlySpan<char> name, out IReadOnlyList<string> values)
    {
        if (_values.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var list))
        {
            values = list;
            return true;
        }

        values = [];
        return false;
    }

    /// <summary>The first value of a header, or null when absent.</summary>
    public string? GetFirst(string name) =>
        _values.TryGetValue(name, out var list) && list.Count > 0 ? list[0] : null;

    /// <summary>Returns a copy with every value of <paramref name="name"/> replaced (for tests and mutations).</summary>
    public SigV4Headers With(string name, params string[] values)
    {
        var copy = new SigV4Headers();
        foreach (var (key, list) in _values)
        {
            if (!string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in list)
                {
                    copy.Add(key, value);
                }
            }
        }

        foreach (var value in values)
        {
            copy.Add(name, value);
        }

        return copy;
    }
}
