using System.Text.Json;
using SageKeep.Security.Iam.Conditions;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Parsing;

/// <summary>Condition: { operator: { key: value | [values] } } (IAM User Guide, "IAM JSON policy elements: Condition").</summary>
public static partial class PolicyParser
{
    private static List<CompiledCondition> ReadConditions(JsonElement block, PolicyVersion version)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException(PolicyErrors.Syntax);
        }

        var conditions = new List<CompiledCondition>();
        foreach (var operatorProperty in block.EnumerateObject())
        {
            var op = ConditionOperator.TryParse(operatorProperty.Name)
                ?? throw new PolicyFormatException(PolicyErrors.InvalidConditionType(operatorProperty.Name));
            if (operatorProperty.Value.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyFormatException(PolicyErrors.Syntax);
            }

            foreach (var keyProperty in operatorProperty.Value.EnumerateObject())
            {
                var key = keyProperty.Name;
                var colon = key.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || colon == key.Length - 1)
                {
                    throw new PolicyFormatException(PolicyErrors.VendorPrefix);
                }

                var values = ReadConditionValues(keyProperty.Value, key);
                var ignoreCase = op.Family == ConditionFamily.TextIgnoreCase;
                conditions.Add(new CompiledCondition(
                    op,
                    key,
                    [.. values.Select(v => new ConditionValue(PolicyTemplate.Parse(v, version, ignoreCase), op.Family))]));
                if (conditions.Count > MaxEntries)
                {
                    throw new PolicyFormatException(PolicyErrors.TooMany("Condition", MaxEntries));
                }
            }
        }

        return conditions;
    }

    /// <summary>Condition values may be strings, numbers or booleans, alone or in an array; all compare as text.</summary>
    private static List<string> ReadConditionValues(JsonElement element, string key)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return [ScalarText(element, key)];
        }

        if (element.GetArrayLength() is 0 or > MaxEntries)
        {
            throw new PolicyFormatException(PolicyErrors.InvalidConditionValue(key));
        }

        return [.. element.EnumerateArray().Select(item => ScalarText(item, key))];
    }

    private static string ScalarText(JsonElement element, string key) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new PolicyFormatException(PolicyErrors.InvalidConditionValue(key)),
    };
}
