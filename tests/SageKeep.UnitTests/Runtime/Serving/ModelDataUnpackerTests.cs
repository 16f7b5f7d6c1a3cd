using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using SageKeep.Runtime.Serving;

namespace SageKeep.UnitTests.Runtime.Serving;

/// <summary>model.tar.gz is the caller's data: unpacked into the model directory only, bounded, links never created.</summary>
public sealed class ModelDataUnpackerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sk-model-").FullName;

    private string Target => Path.Combine(_root, "model");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task GzipArchive_UnpacksFilesAndDirectories_ReadableByOthers()
    {
        await UnpackAsync(Archive(gzip: true, File("./answer.txt", "42"), Dir("weights/"), File("weights/w.bin", "abc")));

        (await System.IO.File.ReadAllTextAsync(Path.Combine(Target, "answer.txt"))).ShouldBe("42");
        (await System.IO.File.ReadAllTextAsync(Path.Combine(Target, "weights", "w.bin"))).ShouldBe("abc");
        System.IO.File.GetUnixFileMode(Path.Combine(Target, "answer.txt")).ShouldBe((UnixFileMode)0b110_100_100);
    }

    [Fact]
    public async Task PlainTar_IsAcceptedToo()
    {
        await UnpackAsync(Archive(gzip: false, File("model.json", "{}")));
        System.IO.File.Exists(Path.Combine(Target, "model.json")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/etc/escape.txt")]
    public async Task EntryLeavingTheModelDirectory_IsRefused(string name)
    {
        var error = await Should.ThrowAsync<InvalidDataException>(() => UnpackAsync(Archive(gzip: true, File(name, "x"))));
        error.Message.ShouldContain(name);
        System.IO.File.Exists(Path.Combine(_root, "escape.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task LinkThenFileThroughIt_WritesNothingOutside()
    {
        var link = new PaxTarEntry(TarEntryType.SymbolicLink, "out") { LinkName = _root };
        await UnpackAsync(Archive(gzip: true, link, File("out/escape.txt", "x")));

        System.IO.File.Exists(Path.Combine(_root, "escape.txt")).ShouldBeFalse();
        new FileInfo(Path.Combine(Target, "out")).LinkTarget.ShouldBeNull();
        System.IO.File.Exists(Path.Combine(Target, "out", "escape.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task ArchiveLargerThanTheBound_IsRefused()
    {
        await using var archive = new MemoryStream(Archive(gzip: true, File("big.bin", new string('x', 5000))));
        var error = await Should.ThrowAsync<InvalidDataException>(() => ModelDataUnpacker.UnpackAsync(archive, Target, CancellationToken.None, maxBytes: 4096));
        error.Message.ShouldContain("more than 4096 bytes");
    }

    [Fact]
    public async Task TooManyEntries_AreRefused()
    {
        await using var archive = new MemoryStream(Archive(gzip: true, File("a", "1"), File("b", "2"), File("c", "3")));
        var error = await Should.ThrowAsync<InvalidDataException>(() => ModelDataUnpacker.UnpackAsync(archive, Target, CancellationToken.None, maxEntries: 2));
        error.Message.ShouldContain("more than 2 entries");
    }

    private async Task UnpackAsync(byte[] bytes)
    {
        await using var archive = new MemoryStream(bytes);
        await ModelDataUnpacker.UnpackAsync(archive, Target, CancellationToken.None);
    }

    private static PaxTarEntry File(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };

    private static PaxTarEntry Dir(string name) => new(TarEntryType.Directory, name);

    private static byte[] Archive(bool gzip, params TarEntry[] entries)
    {
        using var output = new MemoryStream();
        using (Stream target = gzip ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true) : new NonClosing(output))
        using (var writer = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
