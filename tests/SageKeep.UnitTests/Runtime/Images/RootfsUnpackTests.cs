using System.Formats.Tar;
using SageKeep.Runtime.Images;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Layers;
using static SageKeep.UnitTests.Runtime.Images.LayoutBuilder;

namespace SageKeep.UnitTests.Runtime.Images;

/// <summary>Unpacking image layers onto disk: whiteouts, opaque directories, links, and every refusal.</summary>
public sealed class RootfsUnpackTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sagekeep-unpack-tests-" + Guid.NewGuid().ToString("N"));

    public RootfsUnpackTests() => Directory.CreateDirectory(_root);

    private string Layout => Path.Combine(_root, "layout");

    private string Target => Path.Combine(_root, "rootfs");

    [Fact]
    public async Task Unpack_TwoLayers_AppliesWhiteoutsAndOpaqueDirectories()
    {
        Write(
        [
            [Dir("a/"), File("a/gone", "1"), File("a/keep", "2"), Dir("d/"), File("d/lower", "3"), Dir("d/sub/"), File("d/sub/deep", "4")],
            [File("a/.wh.gone", string.Empty), File("d/new", "5"), File("d/.wh..wh..opq", string.Empty), File("a/keep", "2b")],
        ]);

        var digest = await UnpackAsync();

        digest.ShouldStartWith("sha256:");
        System.IO.File.Exists(Path.Combine(Target, "a", "gone")).ShouldBeFalse();
        (await System.IO.File.ReadAllTextAsync(Path.Combine(Target, "a", "keep"))).ShouldBe("2b");
        System.IO.File.Exists(Path.Combine(Target, "d", "lower")).ShouldBeFalse();
        Directory.Exists(Path.Combine(Target, "d", "sub")).ShouldBeFalse();
        (await System.IO.File.ReadAllTextAsync(Path.Combine(Target, "d", "new"))).ShouldBe("5");
    }

    [Fact]
    public async Task Unpack_WriteThroughInRootLink_LandsInTheLinkTarget()
    {
        Write([[Dir("usr/"), Dir("usr/lib/"), Link("lib", "usr/lib"), File("lib/libx.so", "x")]]);

        await UnpackAsync();

        (await System.IO.File.ReadAllTextAsync(Path.Combine(Target, "usr", "lib", "libx.so"))).ShouldBe("x");
        new FileInfo(Path.Combine(Target, "lib")).LinkTarget.ShouldBe("usr/lib");
    }

    [Fact]
    public async Task Unpack_SetIdBits_AreDropped()
    {
        Write([[File("suid", "x", 0b100_111_101_101)]]);

        await UnpackAsync();

        System.IO.File.GetUnixFileMode(Path.Combine(Target, "suid")).ShouldBe((UnixFileMode)0b111_101_101);
    }

    [Theory]
    [InlineData("../escape", ScanErrorKind.PathTraversal)]
    [InlineData("a/../../escape", ScanErrorKind.PathTraversal)]
    [InlineData("/etc/passwd", ScanErrorKind.PathTraversal)]
    public async Task Unpack_EntryOutsideTheRoot_IsRefused(string name, ScanErrorKind kind)
    {
        Write([[File(name, "x")]]);

        var refused = await Should.ThrowAsync<RootfsRefusedException>(UnpackAsync);

        refused.Error.Kind.ShouldBe(kind);
        System.IO.File.Exists(Path.Combine(_root, "escape")).ShouldBeFalse();
    }

    [Fact]
    public async Task Unpack_WriteThroughLinkLeavingTheRoot_IsRefusedAndWritesNothingOutside()
    {
        var outside = Path.Combine(_root, "outside");
        Directory.CreateDirectory(outside);
        Write([[Link("evil", "../outside"), File("evil/planted", "x")]]);

        var refused = await Should.ThrowAsync<RootfsRefusedException>(UnpackAsync);

        refused.Error.Kind.ShouldBe(ScanErrorKind.SymlinkEscape);
        Directory.EnumerateFileSystemEntries(outside).ShouldBeEmpty();
    }

    [Fact]
    public async Task Unpack_AbsoluteLinkOnTheWay_IsResolvedInsideTheRoot()
    {
        Write([[Dir("real/"), Link("abs", "/real"), File("abs/file", "in-root")]]);

        await UnpackAsync();

        (await System.IO.File.ReadAllTextAsync(Path.Combine(Target, "real", "file"))).ShouldBe("in-root");
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    public async Task Unpack_DeviceNode_IsRefused(TarEntryType type)
    {
        Write([[Entry(type, "dev/sda")]]);

        (await Should.ThrowAsync<RootfsRefusedException>(UnpackAsync)).Error.Kind.ShouldBe(ScanErrorKind.DeviceNode);
    }

    [Fact]
    public async Task Unpack_CorruptLayer_IsRefusedWithDigestMismatch()
    {
        LayoutBuilder.Write(CreateLayout(), [[File("a", new string('x', 4096))]], corruptLayer: true);

        var refused = await Should.ThrowAsync<RootfsRefusedException>(UnpackAsync);

        refused.Error.Kind.ShouldBeOneOf(ScanErrorKind.DigestMismatch, ScanErrorKind.MalformedLayer);
    }

    [Fact]
    public async Task Unpack_MoreEntriesThanTheBound_IsRefused()
    {
        Write([[File("a", "1"), File("b", "2"), File("c", "3")]]);

        var refused = await Should.ThrowAsync<RootfsRefusedException>(() => UnpackAsync(new ScanLimits { MaxEntries = 2 }));

        refused.Error.Kind.ShouldBe(ScanErrorKind.EntryCountExceeded);
    }

    [Fact]
    public async Task Open_ReadsTheStartUpConfig()
    {
        Write([[File("a", "1")]]);

        using var image = await RootfsImage.OpenAsync(new ImageSource(Layout), new RootfsExtractionOptions(), CancellationToken.None);
        var config = ImageConfig.Parse(image.ConfigJson);

        config.Entrypoint.ShouldBe(["/bin/algo"]);
        config.Cmd.ShouldBe(["serve"]);
        config.Env.ShouldBe(["A=1"]);
        config.WorkingDir.ShouldBe("/work");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(IReadOnlyList<IReadOnlyList<TarEntry>> layers) => LayoutBuilder.Write(CreateLayout(), layers);

    private string CreateLayout()
    {
        Directory.CreateDirectory(Layout);
        return Layout;
    }

    private Task<string> UnpackAsync() => UnpackAsync(ScanLimits.Default);

    private async Task<string> UnpackAsync(ScanLimits limits)
    {
        using var image = await RootfsImage.OpenAsync(new ImageSource(Layout), new RootfsExtractionOptions { Limits = limits, TempRoot = _root }, CancellationToken.None);
        await image.ExtractToAsync(Target, CancellationToken.None);
        return image.Digest;
    }
}
