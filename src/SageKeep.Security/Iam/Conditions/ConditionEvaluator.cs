using System.Net;
using SageKeep.Security.Iam.Context;

namespace SageKeep.Security.Iam.Conditions;

/// <summary>
/// Evaluates one condition key against the request (IAM User Guide, "Creating a condition with
/// multiple keys or values" and "Set operators for multivalued context keys"). Conditions of a
/// statement are ANDed by the caller; the values of one key are ORed here.
/// </summary>
internal static partial class ConditionEvaluator
{
    /// <remarks>missingKeys: Receives the key when the request lacks it and the outcome depended on that.</remarks>
    public static bool Evaluate(CompiledCondition condition, RequestContext context, ICollection<string>? missingKeys)
    {
        var op = condition.Operator;
        IPAddress?[]? addresses = null;
        var present = op.Family == ConditionFamily.IpAddress
            ? context.Keys.TryGetAddresses(condition.Key, out var values, out addresses) && values.Count > 0
            : context.Keys.TryGetValues(condition.Key, out values) && values.Count > 0;

        // Step 1: Null tests presence: "true" means the key must be absent, "false" present.
        if (op.Family == ConditionFamily.Null)
        {
            for (var i = 0; i < condition.Values.Count; i++)
            {
                if (Resolve(condition.Values[i], context, ConditionFamily.Null) is bool wantsAbsent && wantsAbsent != present)
                {
                    return true;
                }
            }

            return false;
        }

        // Step 2: a missing key. IfExists and ForAllValues are true; ForAnyValue and positive operators are
        // false; negated operators ("…Not…") are true because no value matches.
        if (!present)
        {
            if (op.IfExists || op.Qualifier == SetQualifier.ForAllValues)
            {
                return true;
            }

            missingKeys?.Add(condition.Key);
            return op.Qualifier == SetQualifier.None && op.Negated;
        }

        // Step 3: compare each request value with the policy values.
        switch (op.Qualifier)
        {
            case SetQualifier.ForAllValues:
                for (var i = 0; i < values!.Count; i++)
                {
                    if (AnyPolicyValueMatches(condition, values[i], addresses?[i], context) == op.Negated)
                    {
                        return false;
                    }
                }

                return true;
            case SetQualifier.ForAnyValue:
                for (var i = 0; i < values!.Count; i++)
                {
                    if (AnyPolicyValueMatches(condition, values[i], addresses?[i], context) != op.Negated)
                    {
                        return true;
                    }
                }

                return false;
            default:
                // A single-valued operator over several request values: positive operators need one
                // match; negated operators need that none of the values matches any policy value.
                var anyMatch = false;
                for (var i = 0; i < values!.Count; i++)
                {
                    if (AnyPolicyValueMatches(condition, values[i], addresses?[i], context))
                    {
                        anyMatch = true;
                        break;
                    }
                }

                return anyMatch != op.Negated;
        }
    }

    /// <remarks>address: The request value as an IP address (converted once per request), for IpAddress operators.</remarks>
    private static bool AnyPolicyValueMatches(CompiledCondition condition, string requestValue, IPAddress? address, RequestContext context)
    {
        var op = condition.Operator;
        if (op.Family == ConditionFamily.IpAddress && address is null)
        {
            return false;
        }

        var policyValues = condition.Values;
        for (var i = 0; i < policyValues.Count; i++)
        {
            if (Matches(op, policyValues[i], requestValue, address, context))
            {
                return true;
            }
        }

        return false;
    }

    private static object? Resolve(ConditionValue value, RequestContext context, ConditionFamily family)
    {
        if (value.Template.ConstantText is not null)
        {
            return value.Typed;
        }

        return value.Template.TryResolveText(context, out var text) ? ConditionValue.Convert(text, family) : null;
    }
}
