using System.Globalization;
using System.Text;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.UnitTests.Scanning.VulnDb;

/// <summary>The streaming reader across buffer refills: many records, records larger than the first buffer, split multi-byte text.</summary>
public sealed class JsonFeedReaderTests
{
    [Fact]
    public void NvdPage_WithManyRecords_YieldsEveryRecordInOrder()
    {
        var page = new StringBuilder("""{"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [""");
        for (var i = 0; i < 5000; i++)
        {
            page.Append(i == 0 ? "" : ",")
                .Append("{\"cve\": {\"id\": \"CVE-2099-").Append((i + 10000).ToString(CultureInfo.InvariantCulture))
                .Append("\", \"lastModified\": \"2025-01-01T00:00:00\", \"descriptions\": [{\"lang\": \"en\", \"value\": \"é")
                .Append(new string('x', i % 300)).Append("\"}]}}");
        }

        page.Append("], \"totalResults\": 5000}");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(page.ToString()));

        var records = new NvdParser().Read(stream, "page.json", FeedLimits.Default).ToList();

        records.Count.ShouldBe(5000);
        records.Select(r => r.Id).ShouldBe(Enumerable.Range(10000, 5000).Select(i => $"CVE-2099-{i}"));
        records[299].Summary.ShouldBe("é" + new string('x', 299));
    }

    [Fact]
    public void OsvArray_RecordLargerThanInitialBuffer_IsReadWhole()
    {
        var details = new string('d', 300_000);
        var json = $$"""[{"id": "A-1", "details": "{{details}}"}, {"id": "A-2"}]""";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var records = new OsvParser().Read(stream, "big.json", FeedLimits.Default).ToList();

        records.Select(r => r.Id).ShouldBe(["A-1", "A-2"]);
        records[0].Details!.Length.ShouldBe(300_000);
    }

    [Fact]
    public void TrailingGarbage_AfterRootValue_IsAnError()
    {
        using var stream = new MemoryStream("[{\"id\": \"A-1\"}] [1]"u8.ToArray());

        var error = Should.Throw<FeedException>(() => new OsvParser().Read(stream, "trail.json", FeedLimits.Default).ToList());

        error.Message.ShouldContain("trail.json");
    }
}
