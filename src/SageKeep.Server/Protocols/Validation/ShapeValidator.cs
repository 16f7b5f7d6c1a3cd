using System.Text.Json;
using System.Text.Json.Nodes;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols.Validation;

/// <summary>
/// Validates an input tree against a model shape the way AWS's service frameworks do: required
/// members, types, lengths, patterns, enums and ranges, nested through structures, lists and maps;
/// unknown members are ignored. Paths are lowerCamelCase member names joined with '.', list items as
/// <c>tags.1.member.key</c>; constraints on scalar list items and map keys/values are reported once
/// for the collection (<c>Member must satisfy constraint: [...]</c>), as AWS does.
/// </summary>
internal static partial class ShapeValidator
{
    public static ValidationReport Validate(ServiceModel model, ShapeModel shape, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(input);
        var report = new ValidationReport();
        ValidateStructure(model, shape, input, string.Empty, report);
        return report;
    }

    private static void ValidateStructure(ServiceModel model, ShapeModel shape, JsonObject value, string path, ValidationReport report)
    {
        foreach (var member in shape.Members)
        {
            if (report.IsFull)
            {
                return;
            }

            // A member that travels outside the body (headers, uri labels) is still in the tree: rest readers put it there.
            value.TryGetPropertyValue(member.Name, out var node);
            if (node is null || node.GetValueKind() == JsonValueKind.Null)
            {
                if (shape.Required.Contains(member.Name))
                {
                    report.AddMissing(Join(path, member.PathName));
                }

                continue;
            }

            if (model.FindShape(member.ShapeName) is { } memberShape)
            {
                ValidateValue(model, memberShape, node, Join(path, member.PathName), report);
            }
        }
    }

    private static void ValidateValue(ServiceModel model, ShapeModel shape, JsonNode node, string path, ValidationReport report)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Structure:
                if (node is JsonObject obj)
                {
                    ValidateStructure(model, shape, obj, path, report);
                }
                else
                {
                    report.SetTypeMismatch($"{TokenName(node)} can not be converted to a Structure");
                }

                break;
            case ShapeKind.List:
                if (node is JsonArray array)
                {
                    ValidateList(model, shape, array, path, report);
                }
                else
                {
                    report.SetTypeMismatch($"{TokenName(node)} can not be converted to a List");
                }

                break;
            case ShapeKind.Map:
                if (node is JsonObject map)
                {
                    ValidateMap(model, shape, map, path, report);
                }
                else
                {
                    report.SetTypeMismatch($"{TokenName(node)} can not be converted to a Map");
                }

                break;
            default:
                // Most values are valid: the constraint list is only allocated when one fails.
                List<string>? constraints = null;
                if (CheckScalar(model, shape, node, ref constraints, report) && constraints is not null)
                {
                    foreach (var constraint in constraints)
                    {
                        report.Add(path, Quote(Render(node)), constraint);
                    }
                }

                break;
        }
    }

    private static void ValidateList(ServiceModel model, ShapeModel shape, JsonArray array, string path, ValidationReport report)
    {
        var itemShape = model.FindShape(shape.Member?.ShapeName);
        if (itemShape is not null && IsScalar(itemShape))
        {
            // AWS folds the violations of all scalar items into one message about the list.
            List<string>? itemConstraints = null;
            foreach (var item in array)
            {
                if (item is not null && !CheckScalar(model, itemShape, item, ref itemConstraints, report))
                {
                    return;
                }
            }

            if (itemConstraints is not null)
            {
                report.Add(path, Quote(Render(array)), $"Member must satisfy constraint: [{string.Join(", ", itemConstraints)}]");
            }
        }
        else if (itemShape is not null)
        {
            for (var i = 0; i < array.Count && !report.IsFull; i++)
            {
                var itemPath = $"{path}.{i + 1}.member";
                if (array[i] is { } item && item.GetValueKind() != JsonValueKind.Null)
                {
                    ValidateValue(model, itemShape, item, itemPath, report);
                }
                else
                {
                    report.AddMissing(itemPath);
                }
            }
        }

        CheckLength(shape, array.Count, path, array, report);
    }

    private static void ValidateMap(ServiceModel model, ShapeModel shape, JsonObject map, string path, ValidationReport report)
    {
        var keyShape = model.FindShape(shape.Key?.ShapeName);
        var valueShape = model.FindShape(shape.Value?.ShapeName);
        List<string>? keyConstraints = null;
        List<string>? valueConstraints = null;
        foreach (var (key, value) in map)
        {
            if (report.IsFull)
            {
                return;
            }

            if (keyShape is not null)
            {
                CheckScalar(model, keyShape, JsonValue.Create(key), ref keyConstraints, report);
            }

            if (valueShape is null || value is null || value.GetValueKind() == JsonValueKind.Null)
            {
                continue;
            }

            if (IsScalar(valueShape))
            {
                if (!CheckScalar(model, valueShape, value, ref valueConstraints, report))
                {
                    return;
                }
            }
            else
            {
                ValidateValue(model, valueShape, value, $"{path}.{key}", report);
            }
        }

        if (keyConstraints is not null)
        {
            report.Add(path, Quote(Render(map)), $"Map keys must satisfy constraint: [{string.Join(", ", keyConstraints)}]");
        }

        if (valueConstraints is not null)
        {
            report.Add(path, Quote(Render(map)), $"Map value must satisfy constraint: [{string.Join(", ", valueConstraints)}]");
        }

        CheckLength(shape, map.Count, path, map, report);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static bool IsScalar(ShapeModel shape) =>
        shape.Kind is not (ShapeKind.Structure or ShapeKind.List or ShapeKind.Map);
}
