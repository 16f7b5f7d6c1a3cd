using SageKeep.Scanning.Inventory;
using SageKeep.UnitTests.Scanning.Images;
using static SageKeep.UnitTests.Scanning.Layers.Scans;

namespace SageKeep.UnitTests.Scanning.Layers;

/// <summary>Damaged layers must come back as a refusal or a (partial) inventory, never as an exception.</summary>
public sealed class MutatedLayerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Scan_OfRandomlyDamagedLayers_NeverThrows(bool gzip)
    {
        var tar = new TarBuilder()
            .Directory("lib/apk/db/")
            .File("lib/apk/db/installed", Apk("musl", "1.1.24-r2", "musl") + Apk("zlib", "1.2.11-r3", "zlib"))
            .Symlink("etc/os-release", "../usr/lib/os-release")
            .File("usr/lib/os-release", "ID=alpine\nVERSION_ID=3.11.5\n")
            .HardLink("lib/apk/db/copy", "lib/apk/db/installed")
            .File("var/lib/dpkg/status", Dpkg("libc6", "2.36-9", "glibc"))
            .Build();
        var random = new Random(gzip ? 20260101 : 20260102);
        var kinds = new HashSet<ScanErrorKind>();
        for (var round = 0; round < 100; round++)
        {
            var damaged = (byte[])tar.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            if (random.Next(4) == 0)
            {
                damaged = damaged[..random.Next(1, damaged.Length)];
            }

            using var image = new TestImage();
            var outcome = await ScanAsync(image, image.Layout(gzip ? TarBuilder.Gzip(damaged) : damaged));
            if (!outcome.Succeeded)
            {
                kinds.Add(outcome.Error!.Kind);
            }
        }

        kinds.ShouldNotBeEmpty();
    }
}
