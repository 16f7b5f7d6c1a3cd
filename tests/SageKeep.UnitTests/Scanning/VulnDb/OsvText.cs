namespace SageKeep.UnitTests.Scanning.VulnDb;

/// <summary>Small OSV records written by tests.</summary>
internal static class OsvText
{
    public static string Record(string id, string modified, string fixedVersion, string package = "requests", bool withdrawn = false) => $$"""
        {"schema_version": "1.6.0", "id": "{{id}}", "modified": "{{modified}}", "aliases": ["CVE-2099-{{id.Length}}"],
         {{(withdrawn ? "\"withdrawn\": \"2025-01-01T00:00:00Z\"," : "")}}
         "affected": [{"package": {"ecosystem": "PyPI", "name": "{{package}}"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "{{fixedVersion}}"}]}]}]}
        """;
}
