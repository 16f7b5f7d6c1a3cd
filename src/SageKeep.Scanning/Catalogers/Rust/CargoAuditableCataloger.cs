using System.IO.Compression;
using System.Text.Json;
using System.Text.Unicode;
using SageKeep.Scanning.Catalogers.Go;
using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.Rust;

/// <summary>
/// Rust executables built with cargo-auditable: the ELF section <c>.dep-v0</c> holds a zlib-compressed
/// JSON dependency list (<c>{"packages":[{"name","version","source","kind","root"}]}</c>).
/// Build-only dependencies (kind "build") are not linked into the binary and are not reported.
/// </summary>
public sealed class CargoAuditableCataloger : ICataloger
{
    /// <summary>The compressed section is small; its inflated JSON is bounded to stop a zlib bomb.</summary>
    internal const int MaxCompressedBytes = 4 * 1024 * 1024;

    internal const int MaxJsonBytes = 16 * 1024 * 1024;

    public string Id => "rust-cargo-auditable";

    public string Version => "1";

    public bool Claims(string path, long size) => BinaryCandidates.IsCandidate(path, size);

    public ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Catalog(file));

    private CatalogResult Catalog(ClaimedFile file)
    {
        if (!ElfFile.HasMagic(file.Content))
        {
            return CatalogResult.Empty;
        }

        var (elf, elfError) = ElfFile.Open(file.Content);
        if (elf is null)
        {
            return CatalogResult.Warning($"{file.Path}: {elfError}");
        }

        var compressed = elf.ReadSection(".dep-v0", MaxCompressedBytes);
        if (compressed is null)
        {
            return CatalogResult.Empty;
        }

        var json = Inflate(compressed);
        if (json is null)
        {
            return CatalogResult.Warning($"{file.Path}: .dep-v0 section is not zlib data of at most {MaxJsonBytes} bytes");
        }

        return Read(json, file);
    }

    private CatalogResult Read(byte[] json, ClaimedFile file)
    {
        if (!Utf8.IsValid(json))
        {
            return CatalogResult.Warning($"{file.Path}: .dep-v0 JSON is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return CatalogResult.Warning($"{file.Path}: .dep-v0 JSON is malformed ({ex.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("packages", out var packages)
                || packages.ValueKind != JsonValueKind.Array)
            {
                return CatalogResult.Warning($"{file.Path}: .dep-v0 JSON has no 'packages' array");
            }

            var records = new List<PackageRecord>();
            foreach (var package in packages.EnumerateArray())
            {
                var name = StringOf(package, "name");
                var version = StringOf(package, "version");
                if (string.IsNullOrWhiteSpace(name?.Trim('/')) || string.IsNullOrWhiteSpace(version)
                    || StringOf(package, "kind") == "build")
                {
                    continue;
                }

                records.Add(new PackageRecord(name, version, "cargo", Purl.For("cargo", null, name, version), file.Path, file.LayerDigest, Id));
            }

            return CatalogResult.Of(records);
        }
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static byte[]? Inflate(byte[] compressed)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = zlib.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > MaxJsonBytes)
                {
                    return null;
                }

                output.Write(chunk, 0, read);
            }

            return output.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // Corrupt deflate data (ZLibException is an IOException).
            return null;
        }
    }
}
