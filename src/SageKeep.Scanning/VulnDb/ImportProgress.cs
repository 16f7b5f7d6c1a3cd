namespace SageKeep.Scanning.VulnDb;

/// <summary>Progress of an import: the current file, bytes read of it and records read so far from it, and whether the file is done.</summary>
public sealed record ImportProgress(string File, int FileIndex, int FileCount, long BytesRead, long TotalBytes, int Records, bool FileDone);
