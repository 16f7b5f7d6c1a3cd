namespace SageKeep.Scanning.VulnDb;

/// <summary>One source in the database: how many records, the newest record modified time, the last import.</summary>
public sealed record SourceStatus(string Source, int Records, int Withdrawn, DateTimeOffset? NewestModified, DateTimeOffset? LastImport, string? LastFile);
