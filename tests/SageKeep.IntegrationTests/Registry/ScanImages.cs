using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>Images the scan tests push: the Alpine 3.11 docker archive, and a clean OCI layout built here from the host's static busybox.</summary>
internal static class ScanImages
{
    public static string AlpineArchive => Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Images", "alpine-311.docker-archive.tar.gz");

    /// <summary>Decompresses the Alpine 3.11 docker archive (skopeo reads plain docker-archive tars).</summary>
    public static async Task<string> AlpineTarAsync(string directory)
    {
        var archive = Path.Combine(directory, RegistryServerFixture.Unique("alpine") + ".tar");
        await using var gz = new GZipStream(File.OpenRead(AlpineArchive), CompressionMode.Decompress);
        await using var output = File.Create(archive);
        await gz.CopyToAsync(output);
        return archive;
    }

    /// <summary>
    /// An OCI layout (image-spec "image-layout.md") with one layer holding <c>/bin/busybox</c> of the busybox-static
    /// package: no package database, so nothing for a matcher to find. Tagged <c>v1</c>.
    /// </summary>
    public static async Task<string> BusyboxLayoutAsync(string directory)
    {
        var layout = Path.Combine(directory, RegistryServerFixture.Unique("busybox"));
        Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256"));

        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = (UnixFileMode)0b111_101_101 });
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = (UnixFileMode)0b111_101_101 };
            await using var content = File.OpenRead("/bin/busybox");
            entry.DataStream = content;
            await writer.WriteEntryAsync(entry);
        }

        var diffId = Digest(tar.ToArray());
        using var compressed = new MemoryStream();
        await using (var gz = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gz.WriteAsync(tar.ToArray());
        }

        var layer = compressed.ToArray();
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/bin/busybox","sh"]},"rootfs":{"type":"layers","diff_ids":["{{{diffId}}}"]}}""");
        var manifest = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Digest(config)}}","size":{{config.Length}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{Digest(layer)}}","size":{{layer.Length}}}]}""");
        foreach (var blob in new[] { layer, config, manifest })
        {
            await File.WriteAllBytesAsync(Path.Combine(layout, "blobs", "sha256", Digest(blob)[7..]), blob);
        }

        await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        await File.WriteAllTextAsync(Path.Combine(layout, "index.json"),
            $$$"""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Digest(manifest)}}}","size":{{{manifest.Length}}},"annotations":{"org.opencontainers.image.ref.name":"v1"}}]}""");
        return layout;
    }

    private static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));
}
