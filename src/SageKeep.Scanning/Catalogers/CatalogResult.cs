using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers;

/// <summary>What one cataloger read from one file: packages, and warnings for what it could not read.</summary>
public sealed record CatalogResult(IReadOnlyList<PackageRecord> Packages, IReadOnlyList<string> Warnings)
{
    public static CatalogResult Empty { get; } = new([], []);

    public static CatalogResult Of(IReadOnlyList<PackageRecord> packages) => new(packages, []);

    public static CatalogResult Warning(string warning) => new([], [warning]);
}
