namespace SageKeep.Security.Iam.Model;

/// <summary>
/// Which policy type a document is validated as (IAM User Guide, "Policies and permissions in IAM"):
/// identity-based policies (also permissions boundaries and session policies) name no principal;
/// resource-based policies must; role trust policies must and have no Resource element.
/// </summary>
public enum PolicyKind
{
    Identity,
    Resource,
    Trust,
}
