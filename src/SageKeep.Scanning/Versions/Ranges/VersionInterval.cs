namespace SageKeep.Scanning.Versions.Ranges;

/// <summary>
/// One affected interval in OSV terms ("Affected ranges", events introduced / fixed / last_affected):
/// Introduced &lt;= v &lt; Fixed, or Introduced &lt;= v &lt;= LastAffected, or Introduced &lt;= v when both are null.
/// </summary>
/// <param name="Introduced">First affected version; null or "0" means from the very first version.</param>
/// <param name="Fixed">First fixed version (exclusive upper bound), or null.</param>
/// <param name="LastAffected">Last affected version (inclusive upper bound), or null; ignored when Fixed is set.</param>
internal sealed record VersionInterval(string? Introduced, string? Fixed = null, string? LastAffected = null);
