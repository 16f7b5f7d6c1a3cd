using System.Text.RegularExpressions;

namespace SageKeep.Server.ServiceModels;

/// <summary>
/// One shape of a service model with the constraints the server validates. Members keep model order
/// (query XML writers and validation messages follow it).
/// </summary>
internal sealed class ShapeModel
{
    private readonly Lazy<Regex?> _pattern;

    public ShapeModel(string name, ShapeKind kind)
    {
        Name = name;
        Kind = kind;
        _pattern = new Lazy<Regex?>(() => ModelPattern.TryCompile(Pattern), LazyThreadSafetyMode.PublicationOnly);
    }

    public string Name { get; }

    public ShapeKind Kind { get; }

    /// <summary>Structure members in model order.</summary>
    public IReadOnlyList<MemberModel> Members { get; init; } = [];

    /// <summary>Names of the required members.</summary>
    public IReadOnlySet<string> Required { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>List element reference.</summary>
    public MemberModel? Member { get; init; }

    public MemberModel? Key { get; init; }

    public MemberModel? Value { get; init; }

    /// <summary>Minimum length (string, list, map, blob) or value (numbers).</summary>
    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>The Java-flavoured regular expression as written in the model, if any.</summary>
    public string? Pattern { get; init; }

    public IReadOnlyList<string>? Enum { get; init; }

    public bool Flattened { get; init; }

    /// <summary>Name of the member carried as the whole HTTP body (rest protocols).</summary>
    public string? Payload { get; init; }

    public bool IsException { get; init; }

    /// <summary>The model marks values of this shape as secret (passwords, keys, tokens): never logged or audited.</summary>
    public bool Sensitive { get; init; }

    /// <summary>The query-protocol error code override (<c>error.code</c>), if any.</summary>
    public string? ErrorCode { get; init; }

    public int? ErrorHttpStatus { get; init; }

    public bool ErrorSenderFault { get; init; } = true;

    /// <summary>The compiled <see cref="Pattern"/>; null when there is none or .NET cannot compile it.</summary>
    public Regex? CompiledPattern => Pattern is null ? null : _pattern.Value;

    public MemberModel? FindMember(string name)
    {
        foreach (var member in Members)
        {
            if (string.Equals(member.Name, name, StringComparison.Ordinal))
            {
                return member;
            }
        }

        return null;
    }
}
