using System.Text.RegularExpressions;

namespace SageKeep.Server.Registry;

/// <summary>
/// Repository names and tags as the OCI distribution spec ("Pulling manifests") and ECR define them:
/// <c>[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*</c>, 2-256 characters;
/// tags <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c>.
/// </summary>
internal static partial class RepositoryNames
{
    public static bool IsValidName(string? name) =>
        name is { Length: >= 2 and <= RegistryLimits.MaxRepositoryNameLength } && NamePattern().IsMatch(name);

    public static bool IsValidTag(string? tag) => tag is { Length: >= 1 and <= 128 } && TagPattern().IsMatch(tag);

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TagPattern();
}
