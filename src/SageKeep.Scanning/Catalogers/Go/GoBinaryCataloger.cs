using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.Go;

/// <summary>
/// Go executables (ELF): the main module, every dependency module and the Go standard library
/// (package "stdlib", version "goX.Y.Z") from the build info the linker embeds.
/// </summary>
public sealed class GoBinaryCataloger : ICataloger
{
    public string Id => "go-binary";

    public string Version => "1";

    public bool Claims(string path, long size) => BinaryCandidates.IsCandidate(path, size);

    public ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Catalog(file));

    private CatalogResult Catalog(ClaimedFile file)
    {
        // Step 1: anything that is not ELF is dismissed after reading four bytes.
        if (!ElfFile.HasMagic(file.Content))
        {
            return CatalogResult.Empty;
        }

        var (elf, elfError) = ElfFile.Open(file.Content);
        if (elf is null)
        {
            return CatalogResult.Warning($"{file.Path}: {elfError}");
        }

        // Step 2: no build info means not a Go binary (or one built without module support).
        var (info, error) = GoBuildInfoReader.Read(elf);
        if (info is null)
        {
            return error is null ? CatalogResult.Empty : CatalogResult.Warning($"{file.Path}: {error}");
        }

        // Step 3: one package per module, plus the toolchain's standard library.
        var packages = new List<PackageRecord>();
        foreach (var module in GoModuleInfoParser.Parse(info.ModuleInfo))
        {
            if (module.Path.Trim('/').Length == 0 || module.Version.Length == 0)
            {
                continue;
            }

            packages.Add(Record(module.Path, module.Version, file));
        }

        var goVersion = info.GoVersion.Split(' ', 2)[0].Trim();
        if (goVersion.StartsWith("go", StringComparison.Ordinal) && goVersion.Length > 2)
        {
            packages.Add(Record("stdlib", goVersion, file));
        }

        return CatalogResult.Of(packages);
    }

    private PackageRecord Record(string modulePath, string version, ClaimedFile file)
    {
        // The purl namespace is the module path up to its last '/', the name its last element.
        var trimmed = modulePath.Trim('/');
        var slash = trimmed.LastIndexOf('/');
        var purl = slash < 0
            ? Purl.For("golang", null, trimmed, version)
            : Purl.For("golang", trimmed[..slash], trimmed[(slash + 1)..], version);
        return new PackageRecord(modulePath, version, "golang", purl, file.Path, file.LayerDigest, Id);
    }
}
