using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using SageKeep.Scanning.Catalogers.Rpm;

namespace SageKeep.UnitTests.Scanning.Catalogers.Rpm;

public sealed class RpmCatalogerTests
{
    [Fact]
    public async Task Catalog_OfSqliteRpmdb_MatchesTheGoldenFile()
    {
        using var scratch = new ScratchDirectory();
        var result = await Golden.CatalogAsync(new RpmCataloger(), "Rpm/rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite", scratch.Path);

        result.Warnings.ShouldBeEmpty();
        Golden.Lines(result.Packages, license: true).ShouldBe(Golden.Expected("Rpm/rpmdb.golden"));

        // The scratch copy SQLite needed is gone.
        Directory.EnumerateFileSystemEntries(scratch.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task Catalog_OfSqliteRpmdb_ListsWhatRpmQaListed()
    {
        using var scratch = new ScratchDirectory();
        var result = await Golden.CatalogAsync(new RpmCataloger(), "Rpm/rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite", scratch.Path);
        var expected = Golden.Expected("Rpm/rpm-qa.txt");

        // rpm -qa prints EPOCHNUM (0 when absent); the cataloger omits an absent epoch, as rpm's NEVRA does.
        var actual = result.Packages
            .Select(p => $"{p.Name} {(p.Version.Contains(':', StringComparison.Ordinal) ? p.Version : "0:" + p.Version)} {p.Architecture} {p.SourceName}-{p.SourceVersion ?? p.Version[(p.Version.IndexOf(':', StringComparison.Ordinal) + 1)..]}.src.rpm")
            .Order(StringComparer.Ordinal);
        actual.ShouldBe(expected);
    }

    [Fact]
    public async Task Catalog_OfSqliteRpmdb_EqualsLiveRpmQaWhenRpmIsInstalled()
    {
        using var scratch = new ScratchDirectory();
        File.Copy(Golden.Fixture("Rpm/rpmdb.sqlite"), Path.Combine(scratch.Path, "rpmdb.sqlite"));
        var start = new ProcessStartInfo("rpm", ["-qa", "--dbpath", scratch.Path, "--qf", "%{NAME} %{VERSION}-%{RELEASE}\n"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No rpm on this machine: the committed rpm-qa.txt test above still checks the same database.
            return;
        }

        using var _ = process;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var live = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        using var scratch2 = new ScratchDirectory();
        var result = await Golden.CatalogAsync(new RpmCataloger(), "Rpm/rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite", scratch2.Path);

        live.ShouldNotBeEmpty();
        result.Packages.Select(p => $"{p.Name} {p.Version[(p.Version.IndexOf(':', StringComparison.Ordinal) + 1)..]}").Order(StringComparer.Ordinal).ShouldBe(live);
    }

    [Theory]
    [InlineData("/var/lib/rpm/Packages", "Berkeley DB")]
    [InlineData("/var/lib/rpm/Packages.db", "NDB")]
    public async Task Catalog_OfOtherRpmdbBackends_WarnsThatTheyAreUnsupported(string path, string backend)
    {
        var cataloger = new RpmCataloger();
        cataloger.Claims(path, 10).ShouldBeTrue();
        using var content = new MemoryStream([1, 2, 3]);
        var result = await cataloger.CatalogAsync(new SageKeep.Scanning.Catalogers.ClaimedFile(path, null, 3, content), CancellationToken.None);

        result.Packages.ShouldBeEmpty();
        result.Warnings.Single().ShouldContain(backend);
    }

    [Fact]
    public async Task Catalog_OfFileThatIsNotSqlite_WarnsInsteadOfFailing()
    {
        using var scratch = new ScratchDirectory();
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("definitely not a database, just some text that is long enough"));
        var result = await new RpmCataloger().CatalogAsync(new SageKeep.Scanning.Catalogers.ClaimedFile("/var/lib/rpm/rpmdb.sqlite", null, content.Length, content) { ScratchDirectory = scratch.Path }, CancellationToken.None);

        result.Packages.ShouldBeEmpty();
        result.Warnings.Single().ShouldContain("not a readable rpm SQLite database");
    }

    [Fact]
    public void Parse_OfCraftedHeader_ReadsNameEpochVersionReleaseArchAndSource()
    {
        var blob = Header(
            (1000, 6, "bash"u8.ToArray()),
            (1001, 6, "5.1.8"u8.ToArray()),
            (1002, 6, "6.el9"u8.ToArray()),
            (1003, 4, [0, 0, 0, 1]),
            (1022, 6, "x86_64"u8.ToArray()),
            (1044, 6, "bash-5.1.8-6.el9.src.rpm"u8.ToArray()),
            (1014, 6, "GPLv3+"u8.ToArray()));

        var (header, error) = RpmHeaderParser.Parse(blob);

        error.ShouldBeNull();
        header.ShouldBe(new RpmHeader("bash", "5.1.8", "6.el9", 1, "x86_64", "bash-5.1.8-6.el9.src.rpm", "GPLv3+"));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("huge-count")]
    [InlineData("data-past-end")]
    [InlineData("offset-out-of-data")]
    [InlineData("unterminated")]
    [InlineData("no-name")]
    public void Parse_OfMalformedHeader_ReturnsAnErrorNotAnException(string damage)
    {
        var blob = Header((1000, 6, "bash"u8.ToArray()), (1001, 6, "1"u8.ToArray()), (1002, 6, "2"u8.ToArray()));
        switch (damage)
        {
            case "short": blob = blob[..6]; break;
            case "huge-count": BinaryPrimitives.WriteInt32BigEndian(blob, int.MaxValue); break;
            case "data-past-end": blob = blob[..^1]; break;
            case "offset-out-of-data": BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(8 + 8), 10_000); break;
            case "unterminated": blob[^1] = (byte)'x'; break;
            case "no-name": BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(8), 999); break;
        }

        var (header, error) = RpmHeaderParser.Parse(blob);

        header.ShouldBeNull();
        error.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("glibc-2.34-60.el9.src.rpm", "glibc", "2.34-60.el9")]
    [InlineData("python3-dateutil-2.8.1-7.el9.src.rpm", "python3-dateutil", "2.8.1-7.el9")]
    [InlineData("odd.src.rpm", "odd", null)]
    public void SplitSourceRpm_TakesNameBeforeTheLastTwoDashes(string source, string name, string? versionRelease) =>
        RpmHeaderParser.SplitSourceRpm(source).ShouldBe((name, versionRelease));

    /// <summary>Lays out a header blob as rpmdb stores it: il, dl, 16-byte index entries, then the data store.</summary>
    private static byte[] Header(params (int Tag, int Type, byte[] Value)[] entries)
    {
        var data = new List<byte>();
        var index = new List<byte>();
        foreach (var (tag, type, value) in entries)
        {
            if (type == 4)
            {
                while (data.Count % 4 != 0)
                {
                    data.Add(0);
                }
            }

            var entry = new byte[16];
            BinaryPrimitives.WriteInt32BigEndian(entry, tag);
            BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(4), type);
            BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(8), data.Count);
            BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(12), 1);
            index.AddRange(entry);
            data.AddRange(value);
            if (type == 6)
            {
                data.Add(0);
            }
        }

        var head = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, entries.Length);
        BinaryPrimitives.WriteInt32BigEndian(head.AsSpan(4), data.Count);
        return [.. head, .. index, .. data];
    }

    private sealed class ScratchDirectory : IDisposable
    {
        public ScratchDirectory() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sagekeep-rpm-" + Guid.NewGuid().ToString("N"));

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
