using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SageKeep.IntegrationTests.Scanning;

/// <summary>
/// Writes an OCI image layout (OCI image-layout spec: oci-layout, index.json, blobs/sha256/) whose single
/// uncompressed layer expands to over 1 GiB: a few package databases plus large regular files of a
/// generated pattern. The layer is streamed to disk and hashed while written, so building it needs no
/// big buffer either.
/// </summary>
internal static class LargeImageLayout
{
    private const long MiB = 1024 * 1024;

    /// <summary>Bulk data files (extension ".bin", claimed by no cataloger).</summary>
    public static readonly (string Path, long Size)[] BulkFiles =
        [.. Enumerable.Range(0, 7).Select(i => ($"/opt/data/blob-{i}.bin", 128 * MiB))];

    /// <summary>
    /// An extensionless file under /usr/bin of a size the Go and cargo-auditable catalogers claim:
    /// the worst case, since the scanner must buffer it (spooled to disk above the in-memory bound).
    /// </summary>
    public static readonly (string Path, long Size) ClaimedLargeFile = ("/usr/bin/bigtool", 160 * MiB);

    /// <summary>Packages the image's databases declare, as "type name version".</summary>
    public static readonly string[] ExpectedPackages =
    [
        "deb base-files 12.4", "deb libc6 2.36-9", "deb zlib1g 1:1.2.13.dfsg-1",
        "apk musl 1.2.4-r2", "apk busybox 1.36.1-r15",
        "pypi requests 2.31.0", "pypi urllib3 2.0.7",
    ];

    public static long ExpandedBytes => BulkFiles.Sum(f => f.Size) + ClaimedLargeFile.Size;

    /// <summary>Writes the layout into <paramref name="directory"/> (which must exist and be empty).</summary>
    public static void Write(string directory)
    {
        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);

        // Step 1: the layer, hashed as it is written to a temporary name, then renamed to its digest.
        var layerTemp = Path.Combine(blobs, "layer.tmp");
        string layerHex;
        long layerSize;
        using (var file = new FileStream(layerTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        using (var hashing = new HashingWriteStream(file))
        {
            using (var tar = new TarWriter(hashing, TarEntryFormat.Pax, leaveOpen: true))
            {
                WriteEntries(tar);
            }

            (layerHex, layerSize) = (hashing.HexDigest(), hashing.BytesWritten);
        }

        File.Move(layerTemp, Path.Combine(blobs, layerHex));

        // Step 2: config (diff_id = digest of the uncompressed layer), manifest, index, oci-layout.
        var config = $$$"""
            {"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:{{{layerHex}}}"]}}
            """;
        var (configHex, configSize) = WriteBlob(blobs, config);
        var manifest = $$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{{{configHex}}}","size":{{{configSize}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:{{{layerHex}}}","size":{{{layerSize}}}}]}
            """;
        var (manifestHex, manifestSize) = WriteBlob(blobs, manifest);
        File.WriteAllText(Path.Combine(directory, "index.json"), $$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{{{manifestHex}}}","size":{{{manifestSize}}}}]}
            """);
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
    }

    private static void WriteEntries(TarWriter tar)
    {
        foreach (var dir in new[] { "etc", "var", "var/lib", "var/lib/dpkg", "lib", "lib/apk", "lib/apk/db", "usr", "usr/bin", "usr/lib", "usr/lib/python3", "usr/lib/python3/dist-packages", "opt", "opt/data" })
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir + "/") { Mode = (UnixFileMode)0b111_101_101 });
        }

        WriteText(tar, "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        WriteText(tar, "var/lib/dpkg/status", DpkgStatus());
        WriteText(tar, "lib/apk/db/installed", ApkInstalled());
        foreach (var (name, version) in new[] { ("requests", "2.31.0"), ("urllib3", "2.0.7") })
        {
            var info = $"usr/lib/python3/dist-packages/{name}-{version}.dist-info";
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, info + "/") { Mode = (UnixFileMode)0b111_101_101 });
            WriteText(tar, info + "/METADATA", $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nLicense: Apache-2.0\n\n");
        }

        foreach (var (path, size) in BulkFiles.Append(ClaimedLargeFile))
        {
            using var data = new PatternStream(size, seed: path.Length);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path.TrimStart('/')) { DataStream = data, Mode = (UnixFileMode)0b111_101_101 });
        }
    }

    private static string DpkgStatus()
    {
        var text = new StringBuilder();
        foreach (var (name, version, source) in new[] { ("base-files", "12.4", "base-files"), ("libc6", "2.36-9", "glibc"), ("zlib1g", "1:1.2.13.dfsg-1", "zlib") })
        {
            text.Append(CultureInfo.InvariantCulture, $"Package: {name}\nStatus: install ok installed\nArchitecture: amd64\nSource: {source}\nVersion: {version}\nDescription: {name}\n\n");
        }

        return text.ToString();
    }

    private static string ApkInstalled() =>
        "C:Q1aaaaaaaaaaaaaaaaaaaaaaaaaaa=\nP:musl\nV:1.2.4-r2\nA:x86_64\no:musl\nL:MIT\nt:1700000000\n\n" +
        "C:Q1bbbbbbbbbbbbbbbbbbbbbbbbbbb=\nP:busybox\nV:1.36.1-r15\nA:x86_64\no:busybox\nL:GPL-2.0-only\nt:1700000000\n\n";

    private static void WriteText(TarWriter tar, string path, string text)
    {
        using var data = new MemoryStream(Encoding.UTF8.GetBytes(text));
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = data, Mode = (UnixFileMode)0b110_100_100 });
    }

    private static (string Hex, long Size) WriteBlob(string blobs, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllBytes(Path.Combine(blobs, hex), bytes);
        return (hex, bytes.Length);
    }
}
