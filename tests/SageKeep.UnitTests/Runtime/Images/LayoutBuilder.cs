using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SageKeep.UnitTests.Runtime.Images;

/// <summary>Writes small OCI image layouts whose layers are given as tar entries; digests are computed over the written bytes.</summary>
internal static class LayoutBuilder
{
    private static readonly object StartUp = new { Entrypoint = new[] { "/bin/algo" }, Cmd = new[] { "serve" }, Env = new[] { "A=1" }, WorkingDir = "/work" };

    public static TarEntry File(string name, string content, int mode = 0b110_100_100) =>
        new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)mode, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };

    public static TarEntry Dir(string name) => new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0b111_101_101 };

    public static TarEntry Link(string name, string target) => new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target };

    public static TarEntry Entry(TarEntryType type, string name) => new PaxTarEntry(type, name);

    /// <summary>Writes the layout and returns the manifest digest; <paramref name="corruptLayer"/> flips a byte of the first layer after hashing.</summary>
    public static string Write(string directory, IReadOnlyList<IReadOnlyList<TarEntry>> layers, bool corruptLayer = false)
    {
        var layerDescriptors = new List<object>();
        var diffIds = new List<string>();
        foreach (var entries in layers)
        {
            using var tar = new MemoryStream();
            using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (var entry in entries)
                {
                    writer.WriteEntry(entry);
                }
            }

            using var gzip = new MemoryStream();
            using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
            {
                compressor.Write(tar.ToArray());
            }

            var blob = gzip.ToArray();
            var digest = Blob(directory, blob);
            if (corruptLayer && layerDescriptors.Count == 0)
            {
                var path = Path.Combine(directory, "blobs", "sha256", digest["sha256:".Length..]);
                blob[^5] ^= 0xff;
                System.IO.File.WriteAllBytes(path, blob);
            }

            layerDescriptors.Add(new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest, size = blob.Length });
            diffIds.Add("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar.ToArray())));
        }

        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64",
            os = "linux",
            config = StartUp,
            rootfs = new { type = "layers", diff_ids = diffIds },
        });
        var configDigest = Blob(directory, config);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = configDigest, size = config.Length },
            layers = layerDescriptors,
        });
        var manifestDigest = Blob(directory, manifest);
        System.IO.File.WriteAllBytes(Path.Combine(directory, "index.json"), JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            manifests = new[] { new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = manifestDigest, size = manifest.Length } },
        }));
        System.IO.File.WriteAllText(Path.Combine(directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return manifestDigest;
    }

    private static string Blob(string directory, byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        System.IO.File.WriteAllBytes(Path.Combine(blobs, hex), content);
        return "sha256:" + hex;
    }
}
