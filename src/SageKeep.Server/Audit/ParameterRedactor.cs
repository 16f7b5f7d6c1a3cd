using System.Text.Json.Nodes;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Audit;

/// <summary>
/// Copies an operation's input for the audit trail with every secret replaced, as CloudTrail does
/// ("HIDDEN_DUE_TO_SECURITY_REASONS"): members whose shape the service model marks sensitive, and, as a
/// second line of defence, members whose name says secret, password, token, signature or private key.
/// Bounded: deep or huge inputs are cut, never copied whole.
/// </summary>
internal static class ParameterRedactor
{
    public const string Hidden = "HIDDEN_DUE_TO_SECURITY_REASONS";

    private const int MaxDepth = 12;
    private const int MaxStringLength = 1024;
    private const int MaxItems = 100;

    /// <summary>Pagination and idempotency tokens carry no secret.</summary>
    private static readonly HashSet<string> NotSecret = new(StringComparer.OrdinalIgnoreCase) { "NextToken", "ContinuationToken", "ClientToken", "ClientRequestToken" };

    private static readonly string[] SecretWords = ["secret", "password", "token", "signature", "privatekey", "credential"];

    public static JsonObject Redact(ServiceModel? model, ShapeModel? shape, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return (JsonObject)Copy(model, shape, input, 0)!;
    }

    private static JsonNode? Copy(ServiceModel? model, ShapeModel? shape, JsonNode? node, int depth)
    {
        if (shape?.Sensitive == true)
        {
            return Hidden;
        }

        if (depth > MaxDepth)
        {
            return "…";
        }

        switch (node)
        {
            case JsonObject obj:
            {
                var copy = new JsonObject();
                foreach (var (name, value) in obj.Take(MaxItems))
                {
                    if (LooksSecret(name))
                    {
                        copy[name] = Hidden;
                        continue;
                    }

                    var child = shape?.Kind == ShapeKind.Map
                        ? model?.FindShape(shape.Value?.ShapeName)
                        : model?.FindShape(shape?.Members.FirstOrDefault(m => m.Name == name)?.ShapeName);
                    copy[name] = Copy(model, child, value, depth + 1);
                }

                return copy;
            }

            case JsonArray array:
            {
                var element = model?.FindShape(shape?.Member?.ShapeName);
                var copy = new JsonArray();
                foreach (var item in array.Take(MaxItems))
                {
                    copy.Add(Copy(model, element, item, depth + 1));
                }

                return copy;
            }

            case JsonValue value when value.TryGetValue<string>(out var text):
                return text.Length > MaxStringLength ? text[..MaxStringLength] + "…" : text;

            default:
                return node?.DeepClone();
        }
    }

    private static bool LooksSecret(string name)
    {
        if (NotSecret.Contains(name))
        {
            return false;
        }

        foreach (var word in SecretWords)
        {
            if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
