namespace SageKeep.Scanning.Versions.Rpm;

/// <summary>An rpm EVR split as rpm's parseEVR splits it: [epoch:]version[-release].</summary>
/// <param name="Epoch">Epoch digits, "0" when absent (compared with rpmvercmp, so "01" equals "1").</param>
/// <param name="Version">Version.</param>
/// <param name="Release">Release after the last '-', or null when absent (compared as empty).</param>
internal sealed record RpmVersion(string Epoch, string Version, string? Release);
