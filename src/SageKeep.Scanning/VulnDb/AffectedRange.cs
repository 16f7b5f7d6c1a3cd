namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// One affected interval: versions ≥ <see cref="Introduced"/> ("0" = from the beginning) and
/// &lt; <see cref="Fixed"/>, or ≤ <see cref="LastAffected"/>, and &lt; <see cref="Limit"/>; an open end
/// when all three are null. OSV's event lists are cut into such intervals (OSV schema, "affected[].ranges[].events").
/// <see cref="Type"/> is OSV's range type (ECOSYSTEM, SEMVER, GIT) or ECOSYSTEM for distro feeds.
/// </summary>
public sealed record AffectedRange(string Type, string Introduced, string? Fixed, string? LastAffected, string? Limit);
