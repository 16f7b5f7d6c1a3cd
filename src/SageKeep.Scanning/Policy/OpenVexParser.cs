using System.Text.Json;

namespace SageKeep.Scanning.Policy;

/// <summary>
/// Reads OpenVEX documents (https://github.com/openvex/spec, v0.2.0, and the v0.0.x form where vulnerabilities
/// and products are plain strings). Bounded: at most <see cref="MaxBytes"/> per document.
/// </summary>
public static class OpenVexParser
{
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <exception cref="PolicyFileException">The file is missing, too large, not JSON or not OpenVEX.</exception>
    public static IReadOnlyList<VexStatement> Load(string path)
    {
        var name = Path.GetFileName(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new PolicyFileException($"{name}: no such file");
            }

            if (info.Length > MaxBytes)
            {
                throw new PolicyFileException($"{name}: larger than {MaxBytes} bytes");
            }

            return Parse(File.ReadAllBytes(path), name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyFileException($"{name}: cannot be read: {e.Message}", e);
        }
    }

    public static IReadOnlyList<VexStatement> Parse(ReadOnlyMemory<byte> json, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new PolicyFileException($"{name}: not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !Text(root, "@context").StartsWith("https://openvex.dev/ns", StringComparison.Ordinal))
            {
                throw new PolicyFileException($"{name}: not an OpenVEX document (its @context must be https://openvex.dev/ns/…)");
            }

            var id = Text(root, "@id") is { Length: > 0 } documentId ? documentId : name;
            if (!root.TryGetProperty("statements", out var statements) || statements.ValueKind != JsonValueKind.Array)
            {
                throw new PolicyFileException($"{name}: 'statements' must be an array");
            }

            var result = new List<VexStatement>();
            var index = 0;
            foreach (var statement in statements.EnumerateArray())
            {
                result.Add(Statement(statement, $"{name}: statements[{index++}]", id));
            }

            return result;
        }
    }

    private static VexStatement Statement(JsonElement statement, string where, string document)
    {
        if (statement.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFileException($"{where}: must be an object");
        }

        string vulnerability;
        var aliases = new List<string>();
        if (statement.TryGetProperty("vulnerability", out var v) && v.ValueKind == JsonValueKind.String)
        {
            vulnerability = v.GetString()!;
        }
        else if (v.ValueKind == JsonValueKind.Object)
        {
            vulnerability = Text(v, "name") is { Length: > 0 } n ? n : Text(v, "@id");
            if (v.TryGetProperty("aliases", out var a) && a.ValueKind == JsonValueKind.Array)
            {
                aliases.AddRange(a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
            }
        }
        else
        {
            throw new PolicyFileException($"{where}: 'vulnerability' must be a string or an object with a name");
        }

        if (vulnerability.Length == 0)
        {
            throw new PolicyFileException($"{where}: the vulnerability has no name");
        }

        var status = Text(statement, "status") switch
        {
            "not_affected" => VexStatus.NotAffected,
            "affected" => VexStatus.Affected,
            "fixed" => VexStatus.Fixed,
            "under_investigation" => VexStatus.UnderInvestigation,
            var other => throw new PolicyFileException($"{where}: unknown status '{other}' (not_affected, affected, fixed, under_investigation)"),
        };
        var products = new List<VexProduct>();
        if (statement.TryGetProperty("products", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            products.AddRange(list.EnumerateArray().Select(Product));
        }

        if (products.Count == 0)
        {
            throw new PolicyFileException($"{where}: no products");
        }

        var justification = Text(statement, "justification") is { Length: > 0 } j ? j : null;
        var impact = Text(statement, "impact_statement") is { Length: > 0 } i ? i : null;
        if (status == VexStatus.NotAffected && justification is null && impact is null)
        {
            // OpenVEX: a not_affected statement MUST carry a justification or an impact statement.
            throw new PolicyFileException($"{where}: not_affected needs a justification or an impact_statement");
        }

        return new VexStatement(vulnerability, aliases, products, status, justification, impact, document);
    }

    private static VexProduct Product(JsonElement product)
    {
        if (product.ValueKind == JsonValueKind.String)
        {
            return new VexProduct([product.GetString()!], []);
        }

        var subcomponents = new List<string>();
        if (product.ValueKind == JsonValueKind.Object && product.TryGetProperty("subcomponents", out var subs) && subs.ValueKind == JsonValueKind.Array)
        {
            foreach (var sub in subs.EnumerateArray())
            {
                subcomponents.AddRange(Identifiers(sub));
            }
        }

        return new VexProduct(Identifiers(product), subcomponents);
    }

    private static List<string> Identifiers(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return [element.GetString()!];
        }

        var ids = new List<string>();
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (Text(element, "@id") is { Length: > 0 } id)
            {
                ids.Add(id);
            }

            if (element.TryGetProperty("identifiers", out var identifiers) && identifiers.ValueKind == JsonValueKind.Object && Text(identifiers, "purl") is { Length: > 0 } purl)
            {
                ids.Add(purl);
            }
        }

        return ids;
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
}
