namespace SageKeep.Scanning.Reports;

/// <summary>Machine and human report formats of a vulnerability scan (the table is drawn by the CLI).</summary>
public enum ReportFormat
{
    Table,
    Json,
    Sarif,
    CycloneDx,
    Html,
}
