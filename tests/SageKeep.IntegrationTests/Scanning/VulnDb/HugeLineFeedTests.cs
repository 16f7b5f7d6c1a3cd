using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.IntegrationTests.Scanning.VulnDb;

/// <summary>
/// A feed that is one 2 GiB line (a JSON string that never ends), produced lazily into a FIFO so nothing of that
/// size touches the disk: the import stops at the record bound with a clear error, reads only a bounded prefix
/// of the stream, and leaves the previous database intact.
/// </summary>
public sealed class HugeLineFeedTests
{
    private const long TwoGiB = 2L * 1024 * 1024 * 1024;

    [Fact]
    public async Task Import_OfA2GiBLineThroughAFifo_FailsAtTheRecordBound_AndKeepsThePreviousDatabase()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sagekeep-hugeline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var fifo = Path.Combine(directory, "nvd-huge.json");
            using (var mkfifo = Process.Start("mkfifo", [fifo]))
            {
                await mkfifo.WaitForExitAsync();
                mkfifo.ExitCode.ShouldBe(0);
            }

            var good = Path.Combine(directory, "good.json");
            await File.WriteAllTextAsync(good, """{"schema_version": "1.6.0", "id": "PYSEC-2099-1", "modified": "2025-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "PyPI", "name": "x"}}]}""");
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
            var (database, error) = await VulnDatabase.OpenAsync(Path.Combine(directory, "vulndb.sqlite"), time, CancellationToken.None);
            error.ShouldBeNull();
            await using (database!)
            {
                (await database!.ImportAsync([good], null, null, CancellationToken.None)).Succeeded.ShouldBeTrue();

                long written = 0;
                var writer = Task.Run(() => written = WriteHugeLine(fifo));
                var result = await database.ImportAsync([fifo], null, null, CancellationToken.None);
                await ReleaseWriterAsync(fifo, writer);

                result.Succeeded.ShouldBeFalse();
                result.Error!.ShouldContain("nvd-huge.json");
                result.Error!.ShouldContain($"larger than {FeedLimits.Default.MaxRecordBytes} bytes");
                written.ShouldBeLessThan(TwoGiB / 4);
                var status = (await database.GetStatusAsync(CancellationToken.None)).ShouldHaveSingleItem();
                (status.Source, status.Records).ShouldBe(("osv", 1));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Writes an NVD record whose description never ends, 1 MiB at a time, until 2 GiB or the reader goes away.</summary>
    private static long WriteHugeLine(string fifo)
    {
        long written = 0;
        try
        {
            using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            var head = Encoding.ASCII.GetBytes("{\"cve\": {\"id\": \"CVE-2099-1\", \"descriptions\": [{\"lang\": \"en\", \"value\": \"");
            stream.Write(head);
            written += head.Length;
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'a');
            while (written < TwoGiB)
            {
                stream.Write(chunk);
                written += chunk.Length;
            }
        }
        catch (IOException)
        {
            // The reader closed the FIFO (EPIPE): it stopped reading, which is the point.
        }

        return written;
    }

    /// <summary>If the import never opened the FIFO, open it once for reading so the writer's open returns, then wait for it.</summary>
    private static async Task ReleaseWriterAsync(string fifo, Task writer)
    {
        if (!writer.IsCompleted)
        {
            await using (new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1))
            {
            }
        }

        await writer;
    }
}
