namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// The outcome of one import. On failure nothing was written (<see cref="Error"/> names the file and
/// position); on success the counts say what changed: added, updated (newer modified time or changed
/// content), unchanged, and stale (the database already held a newer version).
/// </summary>
public sealed record ImportResult(bool Succeeded, string? Error, int Files, int Added, int Updated, int Unchanged, int Stale)
{
    public int Records => Added + Updated + Unchanged + Stale;

    public static ImportResult Failed(string error) => new(false, error, 0, 0, 0, 0, 0);
}
