namespace SageKeep.Scanning.Versions.Ranges;

/// <summary>Kinds of event in an OSV "ECOSYSTEM" range (OSV schema, affected[].ranges[].events[]).</summary>
internal enum OsvEventKind
{
    Introduced,
    Fixed,
    LastAffected,
}
