using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using static SageKeep.IntegrationTests.Scanning.ScanTestData;

namespace SageKeep.IntegrationTests.Scanning;

/// <summary>Real images published by the Trivy project: a docker save archive of Alpine 3.11 and small OCI layouts.</summary>
public sealed class RealImageTests
{
    private static async Task<InventoryOutcome> ScanAsync(string path, TempDirectory temp)
    {
        var outcome = await InventoryBuilder.BuildAsync(new ImageSource(path), new ScanOptions { TempRoot = temp.Path }, CancellationToken.None);
        Directory.EnumerateFileSystemEntries(temp.Path).ShouldBeEmpty();
        return outcome;
    }

    [Fact]
    public async Task Scan_OfAlpine311DockerArchive_ListsExactlyThe14ApkPackagesOfItsDatabase()
    {
        using var temp = new TempDirectory();
        var outcome = await ScanAsync(Image("alpine-311.docker-archive.tar.gz"), temp);

        outcome.Succeeded.ShouldBeTrue(outcome.Error?.ToString());
        var inventory = outcome.Inventory!;
        var expected = File.ReadAllLines(Image("alpine-311.apk.golden")).Where(l => l.Length > 0).ToList();
        inventory.Packages.Select(p => $"{p.Name} {p.Version} {p.SourceName} {p.Architecture}").Order(StringComparer.Ordinal).ShouldBe(expected);
        expected.Count.ShouldBe(14);
        inventory.Format.ShouldBe(ImageFormat.DockerArchive);
        inventory.ImageName.ShouldBe("alpine:3.11");
        (inventory.Os!.Id, inventory.Os.VersionId).ShouldBe(("alpine", "3.11.5"));
        inventory.LayerDigests.Count.ShouldBe(1);
        inventory.Packages.ShouldAllBe(p => p.LayerDigest == inventory.LayerDigests[0] && p.Path == "/lib/apk/db/installed" && p.Type == "apk");
        inventory.Packages.Single(p => p.Name == "musl").Purl.ShouldBe("pkg:apk/alpine/musl@1.1.24-r2?arch=x86_64&distro=alpine-3.11.5");
        inventory.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Scan_OfValidTrivyOciLayout_Succeeds()
    {
        using var temp = new TempDirectory();
        var outcome = await ScanAsync(Image("trivy-oci/test.oci"), temp);

        outcome.Succeeded.ShouldBeTrue(outcome.Error?.ToString());
        outcome.Inventory!.LayerDigests.ShouldBe(["sha256:cdd16bd695eda2819e7637648f573c2ca64896c4f7bff9732ac9db734ca3bc2c"]);
        outcome.Inventory.ConfigDigest.ShouldBe("sha256:b23a8f6569ae9ae331226205fa72f480ce5310707d0bc97e611f83fbbbde4604");
        outcome.Inventory.Platform.ShouldBe(new ImagePlatform("linux", "amd64", null));
        outcome.Inventory.Packages.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("test_bad_index_json.oci", ScanErrorKind.MalformedMetadata, "index.json is not valid JSON")]
    [InlineData("test_invalid_oci_image.oci", ScanErrorKind.UnsupportedMediaType, "application/badmedia+json")]
    [InlineData("test_no_valid_manifests.oci", ScanErrorKind.NoImageManifest, "names no image manifest")]
    public async Task Scan_OfBrokenTrivyOciLayout_IsRefusedWithItsOwnClearError(string layout, ScanErrorKind kind, string message)
    {
        using var temp = new TempDirectory();
        var outcome = await ScanAsync(Image("trivy-oci/" + layout), temp);

        outcome.Succeeded.ShouldBeFalse();
        outcome.Error!.Kind.ShouldBe(kind);
        outcome.Error.Message.ShouldContain(message);
    }
}
