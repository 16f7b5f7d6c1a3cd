namespace SageKeep.Scanning.Versions.Dpkg;

/// <summary>A Debian version split as deb-version(7) describes: [epoch:]upstream[-revision].</summary>
/// <param name="Epoch">Epoch, 0 when absent.</param>
/// <param name="Upstream">Upstream version (may contain '-' and ':').</param>
/// <param name="Revision">Debian revision after the last '-', empty when absent (equal to "0").</param>
internal sealed record DpkgVersion(int Epoch, string Upstream, string Revision);
