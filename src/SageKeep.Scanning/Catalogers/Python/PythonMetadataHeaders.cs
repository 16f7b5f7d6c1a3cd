namespace SageKeep.Scanning.Catalogers.Python;

/// <summary>The header block of a Core Metadata file: first value per field name (case-insensitive), or an error.</summary>
internal sealed record PythonMetadataHeaders(IReadOnlyDictionary<string, string> Fields, string? Error)
{
    public string? Get(string field) => Fields.TryGetValue(field, out var value) ? value : null;
}
