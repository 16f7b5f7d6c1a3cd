using SageKeep.Security.Iam.Context;

namespace SageKeep.UnitTests.Iam;

/// <summary>The named callers the scenario files refer to (account 111122223333 unless said otherwise).</summary>
internal static class ScenarioPrincipals
{
    public const string Account = "111122223333";

    public static IamPrincipal Get(string name) => name switch
    {
        "alice" => new IamPrincipal(PrincipalKind.User, $"arn:aws:iam::{Account}:user/alice", Account, "AIDAALICEEXAMPLE0001", "alice")
        {
            Tags = new Dictionary<string, string> { ["team"] = "ml", ["project"] = "red" },
        },
        "bob" => new IamPrincipal(PrincipalKind.User, $"arn:aws:iam::{Account}:user/division/bob", Account, "AIDABOBEXAMPLE000002", "bob")
        {
            Tags = new Dictionary<string, string> { ["team"] = "data" },
        },
        "root" => new IamPrincipal(PrincipalKind.Root, $"arn:aws:iam::{Account}:root", Account, Account),
        "session" => new IamPrincipal(
            PrincipalKind.AssumedRole,
            $"arn:aws:sts::{Account}:assumed-role/AppRole/session1",
            Account,
            "AROAAPPROLEEXAMPLE01:session1",
            RoleArn: $"arn:aws:iam::{Account}:role/AppRole")
        {
            Tags = new Dictionary<string, string> { ["team"] = "ml" },
        },
        "sagemaker" => new IamPrincipal(PrincipalKind.Service, "sagemaker.amazonaws.com", Account),
        "anonymous" => new IamPrincipal(PrincipalKind.Anonymous, "*", string.Empty),
        "mallory" => new IamPrincipal(PrincipalKind.User, "arn:aws:iam::444455556666:user/mallory", "444455556666", "AIDAMALLORYEXAMPLE03", "mallory"),
        _ => throw new ArgumentException($"Unknown scenario principal {name}", nameof(name)),
    };
}
