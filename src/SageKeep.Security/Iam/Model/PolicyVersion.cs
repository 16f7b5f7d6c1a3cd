namespace SageKeep.Security.Iam.Model;

/// <summary>
/// The Version element. Policy variables are only substituted in 2012-10-17; in 2008-10-17
/// (the default when Version is absent) <c>${...}</c> is literal text (IAM User Guide, "IAM JSON policy elements: Version").
/// </summary>
public enum PolicyVersion
{
    V20081017,
    V20121017,
}
