namespace SageKeep.Scanning.Catalogers.Rpm;

/// <summary>The package fields read from one RPM header blob.</summary>
internal sealed record RpmHeader(string Name, string Version, string Release, int? Epoch, string? Arch, string? SourceRpm, string? License);
