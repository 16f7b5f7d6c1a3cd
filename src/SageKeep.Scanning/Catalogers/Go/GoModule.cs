namespace SageKeep.Scanning.Catalogers.Go;

/// <summary>A module listed in Go build info: the main module or a dependency (after replacement).</summary>
internal sealed record GoModule(string Path, string Version, bool IsMain);
