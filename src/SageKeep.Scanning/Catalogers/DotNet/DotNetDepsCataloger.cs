using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.DotNet;

/// <summary>
/// .NET application dependency manifests (<c>*.deps.json</c>, written by the SDK next to every
/// framework-dependent or self-contained app). The <c>libraries</c> object maps "Name/Version" to
/// { "type": "package" | "project" | "runtimepack" | "reference" | ... }; entries of type <c>package</c>
/// and <c>runtimepack</c> (the runtime a self-contained app carries) are NuGet packages and are reported
/// as such; the shared framework's own deps.json lists the runtime as a package too. <c>project</c> entries are the application's own projects, not NuGet
/// packages: they are read (see <see cref="DotNetDepsReader"/>) but not reported, so that an app's own
/// project names are never matched against NuGet advisories.
/// </summary>
public sealed class DotNetDepsCataloger : ICataloger
{
    internal const long MaxFileBytes = 32 * 1024 * 1024;

    public string Id => "dotnet-deps";

    public string Version => "1";

    public bool Claims(string path, long size) =>
        size > 0 && size <= MaxFileBytes && path.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase);

    public async ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken)
    {
        if (file.Size > MaxFileBytes)
        {
            return CatalogResult.Warning($"{file.Path}: deps.json of {file.Size} bytes exceeds the {MaxFileBytes}-byte limit");
        }

        var read = await DotNetDepsReader.ReadAsync(file.Content, cancellationToken).ConfigureAwait(false);
        var packages = read.Libraries
            .Where(l => l.Kind is DotNetLibraryKind.Package or DotNetLibraryKind.RuntimePack)
            .Select(l => new PackageRecord(
                l.Name, l.Version, "nuget", Purl.For("nuget", null, l.Name, l.Version), file.Path, file.LayerDigest, Id))
            .ToList();
        // A malformed entry stops the reading; what was read before it is still reported.
        return new CatalogResult(packages, read.Error is null ? [] : [$"{file.Path}: {read.Error}"]);
    }
}
