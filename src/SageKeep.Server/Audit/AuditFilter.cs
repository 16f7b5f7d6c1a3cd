namespace SageKeep.Server.Audit;

/// <summary>What <see cref="AuditQuery"/> selects: every given criterion must hold (newest first, at most <see cref="Limit"/>).</summary>
public sealed record AuditFilter
{
    public string? PrincipalArn { get; init; }

    public string? Action { get; init; }

    /// <summary>Allowed, ExplicitDeny, ImplicitDeny, NotRequired or Unauthenticated.</summary>
    public string? Decision { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int Limit { get; init; } = 100;
}
