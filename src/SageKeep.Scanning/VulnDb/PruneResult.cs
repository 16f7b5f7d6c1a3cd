namespace SageKeep.Scanning.VulnDb;

/// <summary>What <c>db prune</c> removed.</summary>
public sealed record PruneResult(int WithdrawnRemoved, int StaleSourceRecordsRemoved, IReadOnlyList<string> SourcesRemoved);
