using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.UnitTests.Scanning.Images;
using static SageKeep.UnitTests.Scanning.Layers.Scans;

namespace SageKeep.UnitTests.Scanning.Inventory;

public sealed class InventoryBuilderTests
{
    [Fact]
    public async Task Build_WhenACatalogerThrows_GivesAPartialInventoryWithAWarning()
    {
        using var image = new TestImage();
        var layer = TarBuilder.Gzip(new TarBuilder().File("lib/apk/db/installed", Apk("musl", "1-r0", "musl")).File("boom", "x").Build());
        var options = new ScanOptions
        {
            TempRoot = image.Root,
            Catalogers = [.. CatalogerRegistry.CreateAll(), new ThrowingCataloger()],
        };

        var outcome = await InventoryBuilder.BuildAsync(new ImageSource(image.Layout(layer)), options, CancellationToken.None);

        Names(outcome).ShouldBe(["musl 1-r0"]);
        outcome.Inventory!.Warnings.ShouldContain(w => w.Contains("throwing failed on /boom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_OfRootfsDirectory_ReadsPackagesAndOsInPlaceWithoutLayerDigests()
    {
        using var image = new TestImage();
        var root = Directory.CreateDirectory(Path.Combine(image.Root, "rootfs")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "usr", "lib"));
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        Directory.CreateDirectory(Path.Combine(root, "var", "lib", "dpkg"));
        File.WriteAllText(Path.Combine(root, "usr", "lib", "os-release"), "ID=debian\nVERSION_ID=\"12\"\n");
        File.CreateSymbolicLink(Path.Combine(root, "etc", "os-release"), "../usr/lib/os-release");
        File.WriteAllText(Path.Combine(root, "var", "lib", "dpkg", "status"), Dpkg("libc6", "2.36-9", "glibc"));
        var before = File.ReadAllBytes(Path.Combine(root, "var", "lib", "dpkg", "status"));

        var outcome = await ScanAsync(image, root);

        Names(outcome).ShouldBe(["libc6 2.36-9"]);
        outcome.Inventory!.Format.ShouldBe(ImageFormat.Rootfs);
        outcome.Inventory.Os!.Id.ShouldBe("debian");
        outcome.Inventory.Packages[0].LayerDigest.ShouldBeNull();
        outcome.Inventory.Packages[0].Purl.ShouldBe("pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12");
        File.ReadAllBytes(Path.Combine(root, "var", "lib", "dpkg", "status")).ShouldBe(before);
    }

    [Fact]
    public async Task Build_OfRpmImage_QualifiesPurlsWithTheDistribution()
    {
        using var image = new TestImage();
        var rpmdb = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Catalogers", "Rpm", "rpmdb.sqlite"));
        var layer = TarBuilder.Gzip(new TarBuilder()
            .File("etc/os-release", "ID=\"fedora\"\nVERSION_ID=40\n")
            .File("var/lib/rpm/rpmdb.sqlite", rpmdb)
            .Build());

        var outcome = await ScanAsync(image, image.Layout(layer), new ScanLimits { InMemoryClaimBytes = 1024 });

        Names(outcome).ShouldBe(["hello 1.0-3", "world 2:2.5.1-1.fc40"]);
        outcome.Inventory!.Packages.Select(p => p.Purl).Order(StringComparer.Ordinal).ShouldBe([
            "pkg:rpm/fedora/hello@1.0-3?arch=noarch&distro=fedora-40",
            "pkg:rpm/fedora/world@2.5.1-1.fc40?arch=noarch&distro=fedora-40&epoch=2",
        ]);
    }

    private sealed class ThrowingCataloger : ICataloger
    {
        public string Id => "throwing";

        public string Version => "0";

        public bool Claims(string path, long size) => path == "/boom";

        public ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("cataloger bug");
    }
}
