namespace SageKeep.Scanning.Versions.NuGet;

/// <summary>A NuGet version: up to four numbers, optional release labels; metadata is dropped (never compared).</summary>
/// <param name="Major">Major.</param>
/// <param name="Minor">Minor (0 when absent).</param>
/// <param name="Patch">Patch (0 when absent).</param>
/// <param name="Revision">Fourth, legacy part (0 when absent).</param>
/// <param name="Release">Release labels without '-', dot-separated; empty for a stable version.</param>
internal sealed record NuGetVersion(int Major, int Minor, int Patch, int Revision, string Release);
