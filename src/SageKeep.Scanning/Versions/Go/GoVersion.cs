namespace SageKeep.Scanning.Versions.Go;

/// <summary>A Go module version as golang.org/x/mod/semver parses it (short forms completed with ".0").</summary>
/// <param name="Major">Major digits.</param>
/// <param name="Minor">Minor digits ("0" for v1).</param>
/// <param name="Patch">Patch digits ("0" for v1 and v1.2).</param>
/// <param name="Prerelease">Pre-release without '-', empty when none (pseudo-versions are pre-releases).</param>
/// <param name="Build">Build metadata without '+' (e.g. "incompatible"), empty when none; ignored when comparing.</param>
internal sealed record GoVersion(string Major, string Minor, string Patch, string Prerelease, string Build);
