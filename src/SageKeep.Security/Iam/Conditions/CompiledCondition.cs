namespace SageKeep.Security.Iam.Conditions;

/// <summary>One operator/key pair of a Condition block with its values (ORed).</summary>
internal sealed record CompiledCondition(ConditionOperator Operator, string Key, IReadOnlyList<ConditionValue> Values);
