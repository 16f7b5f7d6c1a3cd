namespace SageKeep.Scanning.Versions.SemVer;

/// <summary>A SemVer 2.0.0 version; numbers are at most 2^53-1 as in npm's semver.</summary>
/// <param name="Major">Major.</param>
/// <param name="Minor">Minor.</param>
/// <param name="Patch">Patch.</param>
/// <param name="Prerelease">Pre-release without '-', empty when none.</param>
internal sealed record SemVersion(long Major, long Minor, long Patch, string Prerelease)
{
    public bool IsPrerelease => Prerelease.Length > 0;

    public override string ToString() =>
        IsPrerelease ? $"{Major}.{Minor}.{Patch}-{Prerelease}" : $"{Major}.{Minor}.{Patch}";
}
