using System.Buffers;
using System.Text;
using System.Text.Unicode;
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

        // Step 1: bound the size before any parsing work, and refuse text that is not valid UTF-16
        // (a lone surrogate cannot be transcoded and is never a policy).
        if (json.Length > MaxBytes)
        {
            return ParseResult.Malformed(PolicyErrors.TooLarge(MaxBytes));
        }

        var utf8 = new byte[Encoding.UTF8.GetMaxByteCount(json.Length)];
        if (Utf8.FromUtf16(json, utf8, out _, out var length, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            return ParseResult.Malformed(PolicyErrors.Syntax);
        }

        if (length > MaxBytes)
        {
            return ParseResult.Malformed(PolicyErrors.TooLarge(MaxBytes));
        }

        // Step 2: depth first (a flat scan, so hostile nesting costs no stack), then syntax.
        var bytes = utf8.AsMemory(0, length);
        if (NestingDepth(bytes.Span) > MaxDepth)
        {
            return ParseResult.Malformed(PolicyErrors.TooDeep(MaxDepth));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions
            {
                MaxDepth = MaxDepth,
                AllowDuplicateProperties = false,
                CommentHandling = JsonCommentHandling.Disallow,
            });
        }
        catch (JsonException)
        {
            // Malformed JSON is expected input: it becomes a value here.
            return ParseResult.Malformed(PolicyErrors.Syntax);
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

    /// <summary>The deepest bracket nesting outside strings; malformed JSON is left to the parser.</summary>
    private static int NestingDepth(ReadOnlySpan<byte> json)
    {
        int depth = 0, deepest = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    deepest = Math.Max(deepest, ++depth);
                    break;
                case (byte)'}' or (byte)']':
                    depth--;
                    break;
            }
        }

        return deepest;
    }

    /// <summary>Carries a validation message out of the recursive reader; never escapes <see cref="Parse(string, PolicyKind, string)"/>.</summary>
    private sealed class PolicyFormatException(string message) : Exception(message);
}
