using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Layers;

namespace SageKeep.Benchmarks.Scanning;

/// <summary>
/// Inventory of a whole image against a baseline, in the same run, that only decompresses and reads every layer
/// tar (the floor any scanner pays). Images: the Alpine 3.11 docker archive of the integration tests, and the
/// package trees of this machine's Debian root (/etc, /var/lib/dpkg, /usr/share/doc) packed as a one-layer gzip OCI image.
/// Peak resident memory of a whole scan (which allocation counts do not show) is measured by bench/scan-memory.sh.
/// </summary>
[MemoryDiagnoser]
public class ImageInventoryBenchmarks
{
    private string _work = string.Empty;
    private string _image = string.Empty;

    [Params("alpine-3.11", "debian-rootfs")]
    public string Image { get; set; } = "alpine-3.11";

    [GlobalSetup]
    public void Setup()
    {
        _work = Path.Combine(Path.GetTempPath(), "sagekeep-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_work);
        _image = Image == "alpine-3.11" ? AlpineArchive() : PackDebianRoot(_work);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_work, recursive: true);

    [Benchmark(Baseline = true)]
    public async Task<long> DecompressAndReadLayerTars()
    {
        var temp = Directory.CreateDirectory(Path.Combine(_work, "baseline-" + Guid.NewGuid().ToString("N"))).FullName;
        var (files, image) = await ImageOpener.OpenAsync(_image, new ScanOptions(), temp, CancellationToken.None);
        long total = 0;
        using (files)
        {
            foreach (var layer in image.Layers)
            {
                await using var raw = files.Open(layer.RelativePath);
                var head = new byte[4];
                var read = await raw.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false);
                await using var decompressed = Compression.Open(new PeekStream(head[..read], raw), Compression.Classify(head.AsSpan(0, read)));
                await using var reader = new TarReader(decompressed);
                while (await reader.GetNextEntryAsync() is { } entry)
                {
                    if (entry.DataStream is { } data)
                    {
                        await data.CopyToAsync(Stream.Null);
                    }

                    total += entry.Length;
                }
            }
        }

        Directory.Delete(temp, recursive: true);
        return total;
    }

    [Benchmark]
    public async Task<int> Inventory()
    {
        var outcome = await InventoryBuilder.BuildAsync(new ImageSource(_image), new ScanOptions { TempRoot = _work }, CancellationToken.None);
        return outcome.Succeeded ? outcome.Inventory.Packages.Count : throw new InvalidOperationException(outcome.Error.ToString());
    }

    /// <summary>The test archive, decompressed once so both benchmarks read the same uncompressed docker archive.</summary>
    private string AlpineArchive()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SageKeep.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var source = Path.Combine(root, "tests", "SageKeep.IntegrationTests", "TestData", "Scanning", "Images", "alpine-311.docker-archive.tar.gz");
        var target = Path.Combine(_work, "alpine.tar");
        using var input = new GZipStream(File.OpenRead(source), CompressionMode.Decompress);
        using var output = File.Create(target);
        input.CopyTo(output);
        return target;
    }

    /// <summary>Packs the package trees of this machine's root as a one-layer gzip OCI layout under <paramref name="work"/>.</summary>
    internal static string PackDebianRoot(string work)
    {
        var layerPath = Path.Combine(work, "layer.tar.gz");
        using (var gzip = new GZipStream(File.Create(layerPath), CompressionLevel.Fastest))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var tree in new[] { "/etc", "/var/lib/dpkg", "/usr/share/doc" })
            {
                Pack(writer, new DirectoryInfo(tree));
            }
        }

        var layer = File.ReadAllBytes(layerPath);
        var layout = Directory.CreateDirectory(Path.Combine(work, "debian-oci")).FullName;
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");
        var manifest = Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{Descriptor("application/vnd.oci.image.config.v1+json", config, layout)}},"layers":[{{Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer, layout)}}]}""");
        File.WriteAllText(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllText(Path.Combine(layout, "index.json"), $$"""{"schemaVersion":2,"manifests":[{{Descriptor("application/vnd.oci.image.manifest.v1+json", manifest, layout)}}]}""");
        File.Delete(layerPath);
        return layout;
    }

    private static void Pack(TarWriter writer, DirectoryInfo directory)
    {
        IEnumerable<FileSystemInfo> children;
        try
        {
            children = directory.EnumerateFileSystemInfos().ToList();
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        foreach (var child in children)
        {
            try
            {
                writer.WriteEntry(child.FullName, child.FullName.TrimStart('/'));

                if (child is DirectoryInfo sub && child.LinkTarget is null)
                {
                    Pack(writer, sub);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Unreadable files are left out of the benchmark image.
            }
        }
    }

    private static string Descriptor(string mediaType, byte[] blob, string layout)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(blob));
        var dir = Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256")).FullName;
        File.WriteAllBytes(Path.Combine(dir, hex), blob);
        return $$"""{"mediaType":"{{mediaType}}","digest":"sha256:{{hex}}","size":{{blob.Length}}}""";
    }
}
