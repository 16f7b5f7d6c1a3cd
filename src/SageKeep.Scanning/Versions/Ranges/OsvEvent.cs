namespace SageKeep.Scanning.Versions.Ranges;

/// <summary>One OSV range event: introduced, fixed or last_affected at a version.</summary>
/// <param name="Kind">Event kind.</param>
/// <param name="Version">Version string as the advisory spells it ("0" for introduced-since-the-start).</param>
internal sealed record OsvEvent(OsvEventKind Kind, string Version);
