using SageKeep.UnitTests.Scanning.Images;
using static SageKeep.UnitTests.Scanning.Layers.Scans;

namespace SageKeep.UnitTests.Scanning.Layers;

public sealed class LayerApplicationTests
{
    private const string ApkDb = "lib/apk/db/installed";

    [Fact]
    public async Task Scan_OfOneLayer_ListsItsPackagesWithLayerDigestAndPath()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder().Directory("lib/").File(ApkDb, Apk("musl", "1.1.24-r2", "musl") + Apk("ssl_client", "1.31.1-r9", "busybox")).Build());
        var outcome = await ScanAsync(image, image.Layout(layer));

        Names(outcome).ShouldBe(["musl 1.1.24-r2", "ssl_client 1.31.1-r9"]);
        var ssl = outcome.Inventory!.Packages.Single(p => p.Name == "ssl_client");
        ssl.SourceName.ShouldBe("busybox");
        ssl.Path.ShouldBe("/lib/apk/db/installed");
        ssl.LayerDigest.ShouldBe(TestImage.Sha256(layer));
        ssl.Purl.ShouldBe("pkg:apk/alpine/ssl_client@1.31.1-r9?arch=x86_64");
    }

    [Fact]
    public async Task Scan_WhenUpperLayerReplacesTheDatabase_KeepsOnlyTheUpperPackages()
    {
        using var image = new TestImage();
        var lower = TarBuilder.Gzip(new TarBuilder().File(ApkDb, Apk("old", "1-r0", "old")).Build());
        var upper = TarBuilder.Gzip(new TarBuilder().File(ApkDb, Apk("new", "2-r0", "new")).Build());
        var outcome = await ScanAsync(image, image.Layout(lower, upper));

        Names(outcome).ShouldBe(["new 2-r0"]);
        outcome.Inventory!.Packages[0].LayerDigest.ShouldBe(TestImage.Sha256(upper));
    }

    [Fact]
    public async Task Scan_WhenUpperLayerWhitesOutTheDatabase_ListsNothing()
    {
        using var image = new TestImage();
        var lower = TarBuilder.Gzip(new TarBuilder().File(ApkDb, Apk("old", "1-r0", "old")).Build());
        var upper = TarBuilder.Gzip(new TarBuilder().File("lib/apk/db/.wh.installed", string.Empty).Build());

        Names(await ScanAsync(image, image.Layout(lower, upper))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Scan_WhenUpperLayerWhitesOutAParentDirectory_ListsNothing()
    {
        using var image = new TestImage();
        var lower = TarBuilder.Gzip(new TarBuilder().File(ApkDb, Apk("old", "1-r0", "old")).Build());
        var upper = TarBuilder.Gzip(new TarBuilder().File("lib/.wh.apk", string.Empty).Build());

        Names(await ScanAsync(image, image.Layout(lower, upper))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Scan_WithOpaqueDirectoryAfterTheLayersOwnEntry_KeepsTheLayersEntryAndHidesLowerOnes()
    {
        using var image = new TestImage();
        var lower = TarBuilder.Gzip(new TarBuilder().File(ApkDb, Apk("old", "1-r0", "old")).File("var/lib/dpkg/status", Dpkg("lower", "1.0")).Build());

        // The marker comes after the file in tar order: it must still only hide lower layers.
        var upper = TarBuilder.Gzip(new TarBuilder()
            .File("var/lib/dpkg/status", Dpkg("upper", "2.0"))
            .File("var/lib/dpkg/.wh..wh..opq", string.Empty)
            .File("lib/.wh..wh..opq", string.Empty)
            .Build());

        Names(await ScanAsync(image, image.Layout(lower, upper))).ShouldBe(["upper 2.0"]);
    }

    [Fact]
    public async Task Scan_WithHardLinkToTheDatabase_ListsPackagesUnderTheLinkAfterTheOriginalIsRemoved()
    {
        using var image = new TestImage();
        var lower = TarBuilder.Gzip(new TarBuilder()
            .File("var/lib/dpkg/status", Dpkg("linked", "1.0"))
            .HardLink("var/lib/dpkg/status.d/linked", "var/lib/dpkg/status")
            .Build());
        var upper = TarBuilder.Gzip(new TarBuilder().File("var/lib/dpkg/.wh.status", string.Empty).Build());
        var outcome = await ScanAsync(image, image.Layout(lower, upper));

        Names(outcome).ShouldBe(["linked 1.0"]);
        outcome.Inventory!.Packages[0].Path.ShouldBe("/var/lib/dpkg/status.d/linked");
    }

    [Fact]
    public async Task Scan_WithHardLinkFromUnclaimedFile_WarnsThatTheContentWasNotRead()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder()
            .File("tmp/installed", Apk("linked", "1-r0", "linked"))
            .HardLink("lib/apk/db/installed", "tmp/installed")
            .Build());
        var outcome = await ScanAsync(image, image.Layout(layer));

        Names(outcome).ShouldBeEmpty();
        outcome.Inventory!.Warnings.ShouldContain(w => w.Contains("lib/apk/db/installed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scan_WithOsReleaseSymlinkClimbingAboveRoot_ResolvesInsideTheImage()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder()
            .File("usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n")
            .Symlink("etc/os-release", "/../../../usr/lib/os-release")
            .File("var/lib/dpkg/status", Dpkg("libc6", "2.36-9+deb12u4", "glibc"))
            .Build());
        var outcome = await ScanAsync(image, image.Layout(layer));

        outcome.Succeeded.ShouldBeTrue(outcome.Error?.ToString());
        var os = outcome.Inventory!.Os.ShouldNotBeNull();
        (os.Id, os.VersionId, os.Codename, os.SourcePath).ShouldBe(("debian", "12", "bookworm", "/etc/os-release"));
        outcome.Inventory.Packages.Single().Purl.ShouldBe("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
    }

    [Fact]
    public async Task Scan_WithEntryUnderSymlinkedDirectory_PlacesItWhereTheLinkPointsInsideTheRoot()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder()
            .Directory("usr/lib/")
            .Symlink("lib", "usr/lib")
            .File(ApkDb, Apk("via-link", "1-r0", "via-link"))
            .Build());
        var outcome = await ScanAsync(image, image.Layout(layer));

        // apk would read /lib/apk/db/installed through the link, so the package is there.
        Names(outcome).ShouldBe(["via-link 1-r0"]);
    }

    [Fact]
    public async Task Scan_WithClaimedFileAboveTheClaimBound_SkipsItWithAWarning()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder().File(ApkDb, Apk("musl", "1.1.24-r2", "musl")).Build());
        var outcome = await ScanAsync(image, image.Layout(layer), new SageKeep.Scanning.Inventory.ScanLimits { MaxClaimedFileBytes = 16 });

        Names(outcome).ShouldBeEmpty();
        outcome.Inventory!.Warnings.ShouldContain(w => w.Contains("/lib/apk/db/installed", StringComparison.Ordinal) && w.Contains("skipped", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("none")]
    public async Task Scan_WithZstdOrUncompressedLayer_DetectsTheCompressionFromMagicBytes(string compression)
    {
        using var image = new TestImage();
        var tar = new TarBuilder().File(ApkDb, Apk("musl", "1.1.24-r2", "musl")).Build();
        var blob = compression == "zstd" ? TarBuilder.Zstd(tar) : tar;

        Names(await ScanAsync(image, image.Layout(blob))).ShouldBe(["musl 1.1.24-r2"]);
    }
}
