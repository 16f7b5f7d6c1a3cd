using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;

namespace SageKeep.Scanning.Reports;

/// <summary>Writes a scan report in a machine format (JSON, SARIF, CycloneDX) or as HTML; the table is the CLI's.</summary>
public static class ReportWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(ScanReport report, ReportFormat format, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        if (format == ReportFormat.Html)
        {
            var bytes = new UTF8Encoding(false).GetBytes(HtmlReportWriter.Write(report));
            output.Write(bytes);
            return;
        }

        using var writer = new Utf8JsonWriter(output, Options);
        switch (format)
        {
            case ReportFormat.Json:
                JsonReportWriter.Write(report, writer);
                break;
            case ReportFormat.Sarif:
                SarifWriter.Write(report, writer);
                break;
            case ReportFormat.CycloneDx:
                CycloneDxVulnerabilityWriter.Write(report, writer);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "the table is drawn by the command line, not written to a stream");
        }

        writer.Flush();
        output.Write("\n"u8);
    }

    public static string WriteToString(ScanReport report, ReportFormat format)
    {
        using var buffer = new MemoryStream();
        Write(report, format, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
