using SageKeep.Scanning.Os;
using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Inventory;

/// <summary>
/// OS packages are named by distribution in purls (purl-spec types "deb", "apk", "rpm": namespace = vendor,
/// qualifier distro). Catalogers run before the OS is known, so their purls are completed here.
/// </summary>
internal static class DistroQualifier
{
    public static PackageRecord Apply(PackageRecord package, OsInfo? os)
    {
        if (package.Type is not ("deb" or "apk" or "rpm"))
        {
            return package;
        }

        var vendor = os?.Id ?? package.Type switch
        {
            "deb" => "debian",
            "apk" => "alpine",
            _ => null,
        };
        var qualifiers = new List<KeyValuePair<string, string?>>
        {
            new("arch", package.Architecture),
            new("distro", os?.DistroQualifier),
        };
        if (package.Type == "rpm")
        {
            // purl-spec rpm: the epoch is a qualifier, the version is version-release.
            var colon = package.Version.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                qualifiers.Add(new("epoch", package.Version[..colon]));
                return package with { Purl = Purl.Build("rpm", vendor, package.Name, package.Version[(colon + 1)..], qualifiers) };
            }
        }

        return package with { Purl = Purl.Build(package.Type, vendor, package.Name, package.Version, qualifiers) };
    }
}
