using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.Rust;

/// <summary>
/// Cargo lockfiles: every <c>[[package]]</c> table (name, version, source). Crates without a
/// <c>source</c> are the workspace's own crates and are reported too; the purl has no qualifier either way.
/// </summary>
public sealed class CargoLockCataloger : ICataloger
{
    internal const long MaxFileBytes = 16 * 1024 * 1024;

    public string Id => "rust-cargo-lock";

    public string Version => "1";

    public bool Claims(string path, long size) =>
        size > 0 && size <= MaxFileBytes && path.EndsWith("/Cargo.lock", StringComparison.Ordinal);

    public async ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken)
    {
        if (file.Size > MaxFileBytes)
        {
            return CatalogResult.Warning($"{file.Path}: Cargo.lock of {file.Size} bytes exceeds the {MaxFileBytes}-byte limit");
        }

        using var reader = new StreamReader(file.Content, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var (crates, error) = CargoLockParser.Parse(text);
        var packages = crates
            .Select(c => new PackageRecord(c.Name, c.Version, "cargo", Purl.For("cargo", null, c.Name, c.Version), file.Path, file.LayerDigest, Id))
            .ToList();
        return new CatalogResult(packages, error is null ? [] : [$"{file.Path}: {error}"]);
    }
}
