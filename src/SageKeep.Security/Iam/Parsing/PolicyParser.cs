using System.Text;
using System.Text.Json;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Parsing;

/// <summary>
/// Parses and validates an IAM policy document once into a <see cref="CompiledPolicy"/> (IAM User Guide,
/// "IAM JSON policy element reference" and "Grammar of the IAM JSON policy language"). Bounded: at most
/// <see cref="MaxBytes"/> bytes, <see cref="MaxDepth"/> nesting levels and <see cref="MaxEntries"/> entries
/// per element; every malformed input yields a <see cref="MalformedPolicyDocument"/> value, never an exception.
/// </summary>
public static partial class PolicyParser
{
    /// <summary>Hard cap above AWS's own quotas (6,144 managed, 10,240 role inline characters).</summary>
    public const int MaxBytes = 131072;

    /// <summary>Deepest legal document: root / Statement[] / statement / Condition / operator / key[] is 6.</summary>
    public const int MaxDepth = 8;

    public const int MaxEntries = 1000;

    public static ParseResult Parse(string json, PolicyKind kind) => Parse(json, kind, string.Empty);

    public static ParseResult Parse(string json, PolicyKind kind, string policyId)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(policyId);

        // Step 1: bound the size before any parsing work (UTF-8 length without encoding it).
        if (json.Length > MaxBytes || Encoding.UTF8.GetByteCount(json) > MaxBytes)
        {
            return ParseResult.Malformed(PolicyErrors.TooLarge(MaxBytes));
        }

        // Step 2: syntax and depth. JSON errors are expected input, mapped to a value here.
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                MaxDepth = MaxDepth,
                AllowDuplicateProperties = false,
                CommentHandling = JsonCommentHandling.Disallow,
            });
        }
        catch (JsonException exception)
        {
            return ParseResult.Malformed(
                exception.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                    ? PolicyErrors.TooDeep(MaxDepth)
                    : PolicyErrors.Syntax);
        }

        // Step 3: the grammar, statement by statement.
        using (document)
        {
            try
            {
                return ParseResult.Success(ReadPolicy(document.RootElement, kind, policyId));
            }
            catch (PolicyFormatException malformed)
            {
                return ParseResult.Malformed(malformed.Message);
            }
        }
    }

    private static CompiledPolicy ReadPolicy(JsonElement root, PolicyKind kind, string policyId)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException(PolicyErrors.Syntax);
        }

        var version = PolicyVersion.V20081017;
        string? id = null;
        JsonElement? statement = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Version":
                    version = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString() switch
                        {
                            "2012-10-17" => PolicyVersion.V20121017,
                            "2008-10-17" => PolicyVersion.V20081017,
                            _ => throw new PolicyFormatException(PolicyErrors.LegacyParsing),
                        }
                        : throw new PolicyFormatException(PolicyErrors.LegacyParsing);
                    break;
                case "Id":
                    id = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()
                        : throw new PolicyFormatException(PolicyErrors.Syntax);
                    break;
                case "Statement":
                    statement = property.Value;
                    break;
                default:
                    throw new PolicyFormatException(PolicyErrors.UnknownField(property.Name));
            }
        }

        if (statement is not { } statements)
        {
            throw new PolicyFormatException(PolicyErrors.MissingStatement);
        }

        var elements = statements.ValueKind switch
        {
            JsonValueKind.Object => [statements],
            JsonValueKind.Array => statements.EnumerateArray().ToList(),
            _ => throw new PolicyFormatException(PolicyErrors.Syntax),
        };
        if (elements.Count == 0)
        {
            throw new PolicyFormatException(PolicyErrors.EmptyStatement);
        }

        if (elements.Count > MaxEntries)
        {
            throw new PolicyFormatException(PolicyErrors.TooMany("Statement", MaxEntries));
        }

        var compiled = new List<CompiledStatement>(elements.Count);
        var sids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            var parsed = ReadStatement(elements[i], i, kind, version);
            if (parsed.Sid is { Length: > 0 } sid && !sids.Add(sid))
            {
                throw new PolicyFormatException(PolicyErrors.SidNotUnique);
            }

            compiled.Add(parsed);
        }

        return new CompiledPolicy(policyId, kind, version, id, compiled);
    }

    /// <summary>Carries a validation message out of the recursive reader; never escapes <see cref="Parse(string, PolicyKind, string)"/>.</summary>
    private sealed class PolicyFormatException(string message) : Exception(message);
}
