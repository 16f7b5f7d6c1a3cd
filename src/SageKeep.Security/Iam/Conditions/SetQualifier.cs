namespace SageKeep.Security.Iam.Conditions;

/// <summary>
/// The set operator prefix (IAM User Guide, "Set operators for multivalued context keys"): ForAllValues
/// is true when every request value matches (and when the key is missing or empty); ForAnyValue when at
/// least one does (false when the key is missing).
/// </summary>
public enum SetQualifier
{
    None,
    ForAnyValue,
    ForAllValues,
}
