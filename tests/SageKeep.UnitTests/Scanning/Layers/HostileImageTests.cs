using System.Formats.Tar;
using SageKeep.Scanning.Inventory;
using SageKeep.UnitTests.Scanning.Images;
using static SageKeep.UnitTests.Scanning.Layers.Scans;

namespace SageKeep.UnitTests.Scanning.Layers;

/// <summary>Crafted images that must be refused, each with its own error kind naming the layer and the entry.</summary>
public sealed class HostileImageTests
{
    [Theory]
    [InlineData("../../escaped-by-scan")]
    [InlineData("etc/../../escaped-by-scan")]
    [InlineData("/../escaped-by-scan")]
    public async Task Scan_WithDotDotEntry_IsRefusedWithPathTraversal(string name)
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder().File(name, "x").Build());
        var outcome = await ScanAsync(image, image.Layout(layer));

        ShouldBeRefused(outcome, ScanErrorKind.PathTraversal, TestImage.Sha256(layer), name);
        NothingEscaped(image);
    }

    [Fact]
    public async Task Scan_WithHardLinkOutOfRoot_IsRefusedWithPathTraversal()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder().HardLink("etc/passwd", "../../../etc/passwd").Build());

        ShouldBeRefused(await ScanAsync(image, image.Layout(layer)), ScanErrorKind.PathTraversal, TestImage.Sha256(layer), "etc/passwd");
    }

    [Fact]
    public async Task Scan_WithEntryThroughSymlinkLeavingTheRoot_IsRefusedWithSymlinkEscape()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder()
            .Symlink("evil", "../../../../../tmp")
            .File("evil/escaped-by-scan", "x")
            .Build());
        var outcome = await ScanAsync(image, image.Layout(layer));

        ShouldBeRefused(outcome, ScanErrorKind.SymlinkEscape, TestImage.Sha256(layer), "evil/escaped-by-scan");
        NothingEscaped(image);
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    public async Task Scan_WithDeviceNode_IsRefusedWithDeviceNode(TarEntryType type)
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder().Entry(type, "dev/sda").Build());

        ShouldBeRefused(await ScanAsync(image, image.Layout(layer)), ScanErrorKind.DeviceNode, TestImage.Sha256(layer), "dev/sda");
    }

    [Fact]
    public async Task Scan_OfZipBomb_IsRefusedWithExpandedSizeExceededAtTheBound()
    {
        using var image = new TestImage();

        // 50 MB of zeros gzip to about 50 KB; the bound is 10 MB.
        var layer = TarBuilder.Gzip(new TarBuilder().File("zeros", new byte[50 * 1024 * 1024]).Build());
        layer.Length.ShouldBeLessThan(1024 * 1024);
        var limits = new ScanLimits { MaxExpandedBytes = 10 * 1024 * 1024 };

        ShouldBeRefused(await ScanAsync(image, image.Layout(layer), limits), ScanErrorKind.ExpandedSizeExceeded, TestImage.Sha256(layer));
    }

    [Fact]
    public async Task Scan_WithFileAboveTheFileBound_IsRefusedWithFileSizeExceeded()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder().File("big", new byte[2 * 1024 * 1024]).Build());
        var limits = new ScanLimits { MaxFileBytes = 1024 * 1024 };

        ShouldBeRefused(await ScanAsync(image, image.Layout(layer), limits), ScanErrorKind.FileSizeExceeded, TestImage.Sha256(layer), "big");
    }

    [Fact]
    public async Task Scan_WithMoreEntriesThanTheBound_IsRefusedWithEntryCountExceeded()
    {
        using var image = new TestImage();
        var tar = new TarBuilder();
        for (var i = 0; i < 20; i++)
        {
            tar.File($"f{i}", "x");
        }

        var layer = TarBuilder.Gzip(tar.Build());

        ShouldBeRefused(await ScanAsync(image, image.Layout(layer), new ScanLimits { MaxEntries = 10 }), ScanErrorKind.EntryCountExceeded, TestImage.Sha256(layer), "f10");
    }

    [Fact]
    public async Task Scan_OfTruncatedLayerWithMatchingDigest_IsRefusedWithTruncatedLayer()
    {
        using var image = new TestImage();

        // Uncompressed so the cut lands inside the file data; the descriptor describes the cut blob, so only the tar is broken.
        var tar = new TarBuilder().File("lib/apk/db/installed", new string('x', 8192)).File("after", "y").Build();
        var cut = tar[..2048];
        var outcome = await ScanAsync(image, image.Layout(cut));

        ShouldBeRefused(outcome, ScanErrorKind.TruncatedLayer, TestImage.Sha256(cut), "lib/apk/db/installed");
    }

    [Fact]
    public async Task Scan_OfTruncatedGzipLayerWithMatchingDigest_IsRefusedWithTruncatedLayer()
    {
        using var image = new TestImage();
        var gzip = TarBuilder.Gzip(new TarBuilder().File("a", new byte[300_000]).File("b", "y").Build());
        var cut = gzip[..(gzip.Length / 2)];
        var outcome = await ScanAsync(image, image.Layout(cut));

        outcome.Succeeded.ShouldBeFalse();
        outcome.Error!.Kind.ShouldBe(ScanErrorKind.TruncatedLayer, outcome.Error.Message);
        outcome.Error.Message.ShouldContain(TestImage.Sha256(cut));
    }

    [Fact]
    public async Task Scan_WithLayerDigestChanged_IsRefusedWithDigestMismatchNamingTheBlob()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder().File("lib/apk/db/installed", Apk("musl", "1-r0", "musl")).Build());
        var wrong = "sha256:" + new string('0', 64);
        var descriptor = image.AddImage("oci", [layer], editManifest: m =>
        {
            m["layers"]![0]!["digest"] = wrong;
            return m;
        });

        // The blob is stored under the wrong name too, so it is found and then fails verification.
        File.Copy(Path.Combine(image.Root, "oci", "blobs", "sha256", TestImage.Sha256(layer)[7..]), Path.Combine(image.Root, "oci", "blobs", "sha256", new string('0', 64)));
        var outcome = await ScanAsync(image, image.WriteLayout("oci", descriptor));

        ShouldBeRefused(outcome, ScanErrorKind.DigestMismatch, wrong);
        outcome.Error!.Message.ShouldContain(TestImage.Sha256(layer));
    }

    [Fact]
    public async Task Scan_WithLayerSizeChanged_IsRefusedWithSizeMismatch()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder().File("a", "x").Build());
        var descriptor = image.AddImage("oci", [layer], editManifest: m =>
        {
            m["layers"]![0]!["size"] = layer.Length - 1;
            return m;
        });

        ShouldBeRefused(await ScanAsync(image, image.WriteLayout("oci", descriptor)), ScanErrorKind.SizeMismatch, TestImage.Sha256(layer));
    }

    [Fact]
    public async Task Scan_WithLayerBlobMissing_IsRefusedWithBlobMissing()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder().File("a", "x").Build());
        var layout = image.Layout(layer);
        File.Delete(Path.Combine(layout, "blobs", "sha256", TestImage.Sha256(layer)[7..]));

        ShouldBeRefused(await ScanAsync(image, layout), ScanErrorKind.BlobMissing, TestImage.Sha256(layer));
    }

    [Fact]
    public async Task Scan_WithGarbageLayer_IsRefusedWithMalformedLayer()
    {
        using var image = new TestImage();
        var garbage = TarBuilder.Gzip("not a tar archive at all, but long enough to fill a header block. "u8.ToArray().Concat(new byte[600].Select(_ => (byte)'z')).ToArray());

        ShouldBeRefused(await ScanAsync(image, image.Layout(garbage)), ScanErrorKind.MalformedLayer, TestImage.Sha256(garbage));
    }

    private static void ShouldBeRefused(InventoryOutcome outcome, ScanErrorKind kind, params string[] mentioned)
    {
        outcome.Succeeded.ShouldBeFalse();
        outcome.Error!.Kind.ShouldBe(kind, outcome.Error.Message);
        foreach (var text in mentioned)
        {
            outcome.Error.Message.ShouldContain(text);
        }
    }

    /// <summary>Nothing named by a hostile entry may appear next to, above or inside the test's own directories.</summary>
    private static void NothingEscaped(TestImage image)
    {
        File.Exists(Path.Combine(Path.GetTempPath(), "escaped-by-scan")).ShouldBeFalse();
        File.Exists(Path.Combine(Path.GetDirectoryName(image.Root)!, "escaped-by-scan")).ShouldBeFalse();
        Directory.EnumerateFiles(image.Root, "escaped-by-scan", SearchOption.AllDirectories).ShouldBeEmpty();
    }
}
