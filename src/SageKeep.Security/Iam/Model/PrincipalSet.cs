using SageKeep.Security.Iam.Context;

namespace SageKeep.Security.Iam.Model;

/// <summary>Principal or NotPrincipal of a resource-based or trust policy.</summary>
/// <remarks>Everyone: "*" or {"AWS": "*"}.</remarks>
/// <remarks>Aws: ARNs (user, role, assumed-role session, account root) and 12-digit account ids.</remarks>
internal sealed record PrincipalSet(
    bool Negated,
    bool Everyone,
    IReadOnlyList<string> Aws,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Federated)
{
    public PrincipalMatch Match(IamPrincipal principal)
    {
        var how = MatchPositive(principal);
        if (!Negated)
        {
            return how;
        }

        // NotPrincipal: everyone not listed. A listed role, account or session excludes the caller.
        return how == PrincipalMatch.None ? PrincipalMatch.Direct : PrincipalMatch.None;
    }

    private PrincipalMatch MatchPositive(IamPrincipal principal)
    {
        if (Everyone)
        {
            return PrincipalMatch.Direct;
        }

        switch (principal.Kind)
        {
            case PrincipalKind.Service:
                return Contains(Services, principal.Arn) ? PrincipalMatch.Direct : PrincipalMatch.None;
            case PrincipalKind.WebIdentity:
                return Contains(Federated, principal.Arn) ? PrincipalMatch.Direct : PrincipalMatch.None;
            case PrincipalKind.Anonymous:
                return PrincipalMatch.None;
        }

        var best = PrincipalMatch.None;
        foreach (var entry in Aws)
        {
            if (string.Equals(entry, principal.Arn, StringComparison.Ordinal))
            {
                return PrincipalMatch.Direct;
            }

            if (principal.RoleArn is { } role && string.Equals(entry, role, StringComparison.Ordinal))
            {
                best = PrincipalMatch.RoleArn;
            }
            else if (best == PrincipalMatch.None && IsAccount(entry, principal.AccountId))
            {
                best = PrincipalMatch.Account;
            }
        }

        return best;
    }

    private static bool IsAccount(string entry, string accountId) =>
        string.Equals(entry, accountId, StringComparison.Ordinal)
        || (entry.Length == 18 + accountId.Length
            && entry.StartsWith("arn:aws:iam::", StringComparison.Ordinal)
            && entry.EndsWith(":root", StringComparison.Ordinal)
            && entry.AsSpan(13, accountId.Length).SequenceEqual(accountId));

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (var item in list)
        {
            if (item == "*" || string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
