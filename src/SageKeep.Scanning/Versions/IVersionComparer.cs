namespace SageKeep.Scanning.Versions;

/// <summary>
/// Orders version strings of one ecosystem exactly as that ecosystem's own tool does
/// (dpkg, rpm, apk-tools, pip's <c>packaging</c>, npm's <c>semver</c>, Maven, Go, NuGet).
/// </summary>
/// <remarks>
/// <para>
/// Invalid input never throws. <c>Compare</c> is a total order in which every valid version
/// sorts before every invalid string (null included), and invalid strings sort among themselves by
/// ordinal comparison. Callers that must not guess (vulnerability matching) use
/// <see cref="TryCompare"/>, which reports <c>false</c> when either side is not a valid version.
/// </para>
/// <para>
/// Results are always -1, 0 or 1.
/// </para>
/// </remarks>
internal interface IVersionComparer : IComparer<string?>
{
    /// <summary>Short scheme name: dpkg, apk, rpm, pep440, semver, maven, go, nuget.</summary>
    string Scheme { get; }

    /// <summary>Whether the ecosystem's tool accepts <paramref name="version"/> as a version.</summary>
    bool IsValid(string? version);

    /// <summary>Compares two versions when both are valid; false (and 0) otherwise.</summary>
    bool TryCompare(string? a, string? b, out int result);
}
