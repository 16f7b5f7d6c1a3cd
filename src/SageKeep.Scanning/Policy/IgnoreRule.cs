namespace SageKeep.Scanning.Policy;

/// <summary>
/// One accepted risk from an ignore file: the vulnerability id (or an alias), optionally only for one package,
/// until an expiry date (inclusive; null = no expiry), and why.
/// </summary>
public sealed record IgnoreRule(string Id, string? Package, DateOnly? Expires, string? Reason)
{
    /// <summary>Whether the rule still suppresses on <paramref name="today"/> (UTC): the expiry day itself still counts.</summary>
    public bool IsActive(DateOnly today) => Expires is null || today <= Expires.Value;
}
