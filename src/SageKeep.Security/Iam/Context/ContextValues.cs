using System.Diagnostics.CodeAnalysis;

namespace SageKeep.Security.Iam.Context;

/// <summary>
/// The request's condition context keys. Key names are case-insensitive (IAM User Guide, "IAM JSON
/// policy elements: Condition"); every key may carry several values (aws:TagKeys, sagemaker:VpcSubnets).
/// </summary>
public sealed class ContextValues
{
    private readonly Dictionary<string, IReadOnlyList<string>> _values;

    public ContextValues(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> values)
    {
        _values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, list) in values)
        {
            _values[key] = list;
        }
    }

    public static ContextValues Empty { get; } = new([]);

    public IEnumerable<string> Keys => _values.Keys;

    public int Count => _values.Count;

    public bool TryGetValues(string key, [MaybeNullWhen(false)] out IReadOnlyList<string> values) =>
        _values.TryGetValue(key, out values);
}
