using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols.Validation;

internal static partial class ShapeValidator
{
    /// <summary>
    /// SageMaker's service reports its patterns anchored with '^' although botocore's copy of the model
    /// drops the anchor (observed: <c>Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}</c>);
    /// IAM and STS report them as modelled.
    /// </summary>
    private static readonly HashSet<string> ServicesShowingAnchoredPatterns = new(StringComparer.Ordinal) { "sagemaker" };

    /// <summary>
    /// Checks one scalar: its JSON type (a mismatch is recorded on the report and false returned), then
    /// pattern, length, enum and range, adding each violated constraint in AWS's words to
    /// <paramref name="constraints"/> (created on the first violation; a constraint already there is not repeated).
    /// </summary>
    private static bool CheckScalar(ServiceModel model, ShapeModel shape, JsonNode node, ref List<string>? constraints, ValidationReport report)
    {
        switch (shape.Kind)
        {
            case ShapeKind.String:
                if (InputValues.GetString(node) is not { } text)
                {
                    report.SetTypeMismatch($"{TokenName(node)} can not be converted to a String");
                    return false;
                }

                CheckPattern(model, shape, text, ref constraints);
                CheckLength(shape, text.Length, ref constraints);
                if (shape.Enum is { Count: > 0 } values && !values.Contains(text, StringComparer.Ordinal))
                {
                    AddConstraint(ref constraints, $"Member must satisfy enum value set: [{string.Join(", ", values)}]");
                }

                return true;
            case ShapeKind.Integer or ShapeKind.Long:
                if (!InputValues.TryGetInt64(node, out var whole) || (shape.Kind == ShapeKind.Integer && whole is < int.MinValue or > int.MaxValue))
                {
                    report.SetTypeMismatch($"{TokenName(node)} can not be converted to {(shape.Kind == ShapeKind.Integer ? "an Integer" : "a Long")}");
                    return false;
                }

                CheckRange(shape, whole, ref constraints);
                return true;
            case ShapeKind.Float or ShapeKind.Double:
                if (!InputValues.TryGetDouble(node, out var real))
                {
                    report.SetTypeMismatch($"{TokenName(node)} can not be converted to a {(shape.Kind == ShapeKind.Float ? "Float" : "Double")}");
                    return false;
                }

                CheckRange(shape, real, ref constraints);
                return true;
            case ShapeKind.Boolean:
                if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    report.SetTypeMismatch($"{TokenName(node)} can not be converted to a Boolean");
                    return false;
                }

                return true;
            case ShapeKind.Timestamp:
                if (!InputValues.TryGetTimestamp(node, out _))
                {
                    report.SetTypeMismatch($"{TokenName(node)} can not be converted to a Timestamp");
                    return false;
                }

                return true;
            case ShapeKind.Blob:
                if (!InputValues.TryGetBlobLength(node, out var bytes))
                {
                    report.SetTypeMismatch($"{TokenName(node)} can not be converted to a Blob (base64 expected)");
                    return false;
                }

                CheckLength(shape, bytes, ref constraints);
                return true;
            default:
                return true;
        }
    }

    private static void CheckPattern(ServiceModel model, ShapeModel shape, string text, ref List<string>? constraints)
    {
        if (shape.Pattern is null || shape.CompiledPattern is not { } regex)
        {
            return;
        }

        bool matches;
        try
        {
            matches = regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // Undecidable within the bound: refuse rather than accept (fail closed).
            matches = false;
        }

        if (!matches)
        {
            var shown = ServicesShowingAnchoredPatterns.Contains(model.ServiceName) && !shape.Pattern.StartsWith('^')
                ? "^" + shape.Pattern
                : shape.Pattern;
            AddConstraint(ref constraints, $"Member must satisfy regular expression pattern: {shown}");
        }
    }

    private static void CheckLength(ShapeModel shape, long length, ref List<string>? constraints)
    {
        if (shape.Min is { } min && length < min)
        {
            AddConstraint(ref constraints, $"Member must have length greater than or equal to {Format(min)}");
        }

        if (shape.Max is { } max && length > max)
        {
            AddConstraint(ref constraints, $"Member must have length less than or equal to {Format(max)}");
        }
    }

    /// <summary>The size of a list or map; the collection is rendered only when it violates a bound.</summary>
    private static void CheckLength(ShapeModel shape, int count, string path, JsonNode collection, ValidationReport report)
    {
        List<string>? constraints = null;
        CheckLength(shape, count, ref constraints);
        foreach (var constraint in constraints ?? [])
        {
            report.Add(path, Quote(Render(collection)), constraint);
        }
    }

    private static void CheckRange(ShapeModel shape, double value, ref List<string>? constraints)
    {
        if (shape.Min is { } min && value < min)
        {
            AddConstraint(ref constraints, $"Member must have value greater than or equal to {Format(min)}");
        }

        if (shape.Max is { } max && value > max)
        {
            AddConstraint(ref constraints, $"Member must have value less than or equal to {Format(max)}");
        }
    }

    private static void AddConstraint(ref List<string>? constraints, string constraint)
    {
        constraints ??= new List<string>(2);
        if (!constraints.Contains(constraint))
        {
            constraints.Add(constraint);
        }
    }

    private static string Format(double bound) => bound.ToString(bound == Math.Floor(bound) ? "0" : "R", CultureInfo.InvariantCulture);

    private static string Quote(string rendered) => $"'{rendered}'";

    /// <summary>Renders a value as AWS's (Java) messages do: strings bare, lists <c>[a, b]</c>, maps <c>{k=v}</c>.</summary>
    private static string Render(JsonNode? node)
    {
        var builder = new StringBuilder();
        Render(node, builder);
        return builder.ToString();
    }

    private static void Render(JsonNode? node, StringBuilder builder)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ");
                    Render(array[i], builder);
                }

                builder.Append(']');
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    builder.Append(first ? string.Empty : ", ").Append(key).Append('=');
                    first = false;
                    Render(value, builder);
                }

                builder.Append('}');
                break;
            default:
                if (InputValues.GetString(node) is { } text)
                {
                    builder.Append(text);
                }
                else if (node is JsonValue v && v.TryGetValue(out byte[]? bytes))
                {
                    builder.Append("java.nio.HeapByteBuffer[pos=0 lim=").Append(bytes.Length).Append(']');
                }
                else
                {
                    builder.Append(node.ToJsonString());
                }

                break;
        }
    }

    private static string TokenName(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => "STRING_VALUE",
        JsonValueKind.Number => "NUMBER_VALUE",
        JsonValueKind.True => "TRUE_VALUE",
        JsonValueKind.False => "FALSE_VALUE",
        JsonValueKind.Array => "START_ARRAY",
        JsonValueKind.Object => "START_OBJECT",
        _ => "VALUE_NULL",
    };
}
