using System.Text;
using System.Text.Json.Nodes;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using static SageKeep.UnitTests.Scanning.Layers.Scans;

namespace SageKeep.UnitTests.Scanning.Images;

public sealed class ImageResolutionTests
{
    private static byte[] ApkLayer(string name) =>
        TarBuilder.Gzip(new TarBuilder().File("lib/apk/db/installed", Apk(name, "1-r0", name)).Build());

    private static string MultiPlatform(TestImage image)
    {
        var amd64 = image.AddImage("oci", [ApkLayer("on-amd64")], "amd64");
        var arm64 = image.AddImage("oci", [ApkLayer("on-arm64")], "arm64");
        arm64["platform"]!["variant"] = "v8";
        return image.WriteLayout("oci", amd64, arm64);
    }

    [Theory]
    [InlineData("linux/arm64", "on-arm64 1-r0")]
    [InlineData("linux/arm64/v8", "on-arm64 1-r0")]
    [InlineData("linux/amd64", "on-amd64 1-r0")]
    [InlineData(null, "on-amd64 1-r0")]
    public async Task Scan_OfMultiPlatformIndex_PicksTheRequestedPlatform(string? platform, string expected)
    {
        using var image = new TestImage();
        var outcome = await ScanAsync(image, MultiPlatform(image), platform: platform);

        Names(outcome).ShouldBe([expected]);
        outcome.Inventory!.Platform!.Os.ShouldBe("linux");
    }

    [Fact]
    public async Task Scan_OfMultiPlatformIndexForMissingPlatform_IsRefusedWithPlatformNotFoundListingThePlatforms()
    {
        using var image = new TestImage();
        var outcome = await ScanAsync(image, MultiPlatform(image), platform: "linux/s390x");

        outcome.Error!.Kind.ShouldBe(ScanErrorKind.PlatformNotFound);
        outcome.Error.Message.ShouldContain("linux/arm64/v8");
    }

    [Fact]
    public async Task Scan_OfNestedIndex_FollowsItToTheManifest()
    {
        using var image = new TestImage();
        var manifest = image.AddImage("oci", [ApkLayer("nested")], "arm64");
        var inner = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = new JsonArray(manifest) };
        var innerDescriptor = image.AddBlob("oci", "application/vnd.oci.image.index.v1+json", Encoding.UTF8.GetBytes(inner.ToJsonString()));
        var outcome = await ScanAsync(image, image.WriteLayout("oci", innerDescriptor), platform: "linux/arm64");

        Names(outcome).ShouldBe(["nested 1-r0"]);
    }

    [Fact]
    public async Task Scan_OfIndexesNestedDeeperThanTheBound_IsRefusedWithMalformedMetadata()
    {
        using var image = new TestImage();
        var descriptor = image.AddImage("oci", [ApkLayer("deep")]);
        for (var depth = 0; depth < 3; depth++)
        {
            var index = new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(descriptor) };
            descriptor = image.AddBlob("oci", "application/vnd.oci.image.index.v1+json", Encoding.UTF8.GetBytes(index.ToJsonString()));
        }

        var layout = image.WriteLayout("oci", descriptor);

        Names(await ScanAsync(image, layout)).ShouldBe(["deep 1-r0"]);
        var outcome = await ScanAsync(image, layout, new ScanLimits { MaxIndexDepth = 2 });
        outcome.Error!.Kind.ShouldBe(ScanErrorKind.MalformedMetadata);
        outcome.Error.Message.ShouldContain("nest deeper");
    }

    [Fact]
    public async Task Scan_OfZstdCompressedOciArchive_ReadsIt()
    {
        using var image = new TestImage();
        var archive = image.Archive(image.Layout(ApkLayer("zstd-archive")), "image.tar");
        File.WriteAllBytes(archive + ".zst", TarBuilder.Zstd(File.ReadAllBytes(archive)));

        Names(await ScanAsync(image, archive + ".zst")).ShouldBe(["zstd-archive 1-r0"]);
    }

    [Fact]
    public async Task Scan_WithConfigBlobAltered_IsRefusedWithDigestMismatchOfTheConfig()
    {
        using var image = new TestImage();
        var descriptor = image.AddImage("oci", [ApkLayer("x")]);
        var manifestPath = Path.Combine(image.Root, "oci", "blobs", "sha256", descriptor["digest"]!.GetValue<string>()[7..]);
        var configDigest = JsonNode.Parse(File.ReadAllText(manifestPath))!["config"]!["digest"]!.GetValue<string>();
        var configPath = Path.Combine(image.Root, "oci", "blobs", "sha256", configDigest[7..]);
        var config = File.ReadAllBytes(configPath);
        config[^2] = (byte)' ';
        File.WriteAllBytes(configPath, config);
        var outcome = await ScanAsync(image, image.WriteLayout("oci", descriptor));

        outcome.Error!.Kind.ShouldBe(ScanErrorKind.DigestMismatch);
        outcome.Error.Message.ShouldContain("config " + configDigest);
    }

    [Fact]
    public async Task Scan_OfOciArchive_ReadsTheLayoutInsideTheTar()
    {
        using var image = new TestImage();
        var archive = image.Archive(image.Layout(ApkLayer("archived")), "image.tar");
        var outcome = await ScanAsync(image, archive);

        Names(outcome).ShouldBe(["archived 1-r0"]);
        outcome.Inventory!.Format.ShouldBe(ImageFormat.OciArchive);
    }

    [Fact]
    public async Task Scan_OfGzippedOciArchive_ReadsIt()
    {
        using var image = new TestImage();
        var archive = image.Archive(image.Layout(ApkLayer("archived")), "image.tar");
        File.WriteAllBytes(archive + ".gz", TarBuilder.Gzip(File.ReadAllBytes(archive)));

        Names(await ScanAsync(image, archive + ".gz")).ShouldBe(["archived 1-r0"]);
    }

    [Fact]
    public async Task Scan_OfDockerSaveArchive_VerifiesLayersAgainstDiffIds()
    {
        using var image = new TestImage();
        var lower = new TarBuilder().File("lib/apk/db/installed", Apk("old", "1-r0", "old")).Build();
        var upper = new TarBuilder().File("lib/apk/db/installed", Apk("docker", "2-r0", "docker")).Build();
        var outcome = await ScanAsync(image, image.DockerArchive("saved", [lower, upper]));

        Names(outcome).ShouldBe(["docker 2-r0"]);
        outcome.Inventory!.Format.ShouldBe(ImageFormat.DockerArchive);
        outcome.Inventory.ImageName.ShouldBe("test/image:1");
        outcome.Inventory.LayerDigests.ShouldBe([TestImage.Sha256(lower), TestImage.Sha256(upper)]);
    }

    [Fact]
    public async Task Scan_OfDockerSaveArchiveWithRepeatedLayerStoredAsSymlink_FollowsTheLinkInsideTheArchive()
    {
        using var image = new TestImage();
        var first = new TarBuilder().File("lib/apk/db/installed", Apk("first", "1-r0", "first")).Build();
        var second = new TarBuilder().File("lib/apk/db/installed", Apk("second", "1-r0", "second")).Build();
        var outcome = await ScanAsync(image, image.DockerArchive("saved", [first, second, first]));

        Names(outcome).ShouldBe(["first 1-r0"]);
        outcome.Inventory!.LayerDigests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Scan_OfDockerSaveArchiveWithWrongDiffId_IsRefusedWithDigestMismatch()
    {
        using var image = new TestImage();
        var layer = new TarBuilder().File("a", "x").Build();
        var wrong = "sha256:" + new string('1', 64);
        var outcome = await ScanAsync(image, image.DockerArchive("saved", [layer], (_, _) => wrong));

        outcome.Error!.Kind.ShouldBe(ScanErrorKind.DigestMismatch);
        outcome.Error.Message.ShouldContain(wrong);
    }

    [Fact]
    public async Task Scan_OfArchiveWithBothOciIndexAndManifestJson_PrefersTheOciIndex()
    {
        using var image = new TestImage();
        var layout = image.Layout(ApkLayer("from-oci"));

        // Docker 25+ writes both; a manifest.json that cannot be read proves it is not the one used.
        File.WriteAllText(Path.Combine(layout, "manifest.json"), "not json");
        var outcome = await ScanAsync(image, image.Archive(layout, "both.tar"));

        Names(outcome).ShouldBe(["from-oci 1-r0"]);
    }

    [Fact]
    public async Task Scan_OfMissingPath_IsRefusedWithInputNotFound()
    {
        using var image = new TestImage();
        var outcome = await ScanAsync(image, Path.Combine(image.Root, "nope.tar"));

        outcome.Error!.Kind.ShouldBe(ScanErrorKind.InputNotFound);
    }

    [Fact]
    public async Task Scan_OfFileThatIsNoImage_IsRefusedWithUnrecognizedFormat()
    {
        using var image = new TestImage();
        var path = Path.Combine(image.Root, "plain.tar");
        File.WriteAllBytes(path, new TarBuilder().File("hello.txt", "hi").Build());

        (await ScanAsync(image, path)).Error!.Kind.ShouldBe(ScanErrorKind.UnrecognizedFormat);
    }

    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null)]
    [InlineData("linux/arm/v7", "linux", "arm", "v7")]
    public void Parse_OfPlatformText_SplitsOsArchitectureAndVariant(string text, string os, string arch, string? variant) =>
        ImagePlatform.Parse(text).ShouldBe(new ImagePlatform(os, arch, variant));

    [Theory]
    [InlineData("linux")]
    [InlineData("linux//v7")]
    [InlineData("a/b/c/d")]
    public void Parse_OfMalformedPlatformText_IsNull(string text) => ImagePlatform.Parse(text).ShouldBeNull();
}
